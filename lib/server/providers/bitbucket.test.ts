import { describe, expect, it } from "vitest";
import { statusKey } from "./bitbucket";

describe("Bitbucket status keys", () => {
  it("keeps a short context as it is, characters Bitbucket refuses made dashes", () => {
    expect(statusKey("berth/web")).toBe("berth-web");
  });

  it("cuts a long context to 40 characters, two long names staying apart", () => {
    const first = statusKey(`berth/${"a".repeat(60)}-one`);
    const second = statusKey(`berth/${"a".repeat(60)}-two`);
    expect(first).toHaveLength(40);
    expect(first.startsWith("berth-aaaa")).toBe(true);
    expect(first).not.toBe(second);
  });
});
