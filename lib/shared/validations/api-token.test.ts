import { describe, expect, it } from "vitest";
import { createApiTokenSchema } from "./api-token";

describe("a new API token", () => {
  it("expires in 90 days unless told", () => {
    expect(createApiTokenSchema.parse({ name: "ci", scope: "deploy" })).toEqual({ name: "ci", scope: "deploy", expires_in_days: 90 });
    expect(createApiTokenSchema.parse({ name: "ci", scope: "read", expires_in_days: null }).expires_in_days).toBeNull();
  });

  it.each([
    ["a scope that does not exist", { name: "x", scope: "root" }],
    ["no name", { name: "  ", scope: "read" }],
    ["a name of 81 characters", { name: "n".repeat(81), scope: "read" }],
    ["an expiry past a year", { name: "x", scope: "read", expires_in_days: 367 }],
    ["an expiry in the past", { name: "x", scope: "read", expires_in_days: -1 }],
    ["a token chosen by the caller", { name: "x", scope: "read", token: "berth_mine" }],
    ["another user's id", { name: "x", scope: "read", user_id: "someone" }],
  ])("refuses %s", (_what, input) => {
    expect(createApiTokenSchema.safeParse(input).success).toBe(false);
  });
});
