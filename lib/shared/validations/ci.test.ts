import { describe, expect, it } from "vitest";
import { ciLinkSchema, listCiRunsQuerySchema, listIncidentsQuerySchema } from "./ci";
import { updateConnectionSchema } from "./connection";

describe("CI input at the boundary", () => {
  it("keeps only http and https links from providers, bounded", () => {
    expect(ciLinkSchema.safeParse("https://github.com/acme/app/actions/runs/1").success).toBe(true);
    for (const link of ["javascript:alert(1)", "data:text/html,<script>", "file:///etc/passwd", `https://example.com/${"a".repeat(2100)}`]) {
      expect(ciLinkSchema.safeParse(link).success, link).toBe(false);
    }
  });

  it("refuses run and incident filters that are not a repository, a branch, a status or a state", () => {
    expect(listCiRunsQuerySchema.safeParse({ repository: "acme/app", branch: "main", status: "completed" }).success).toBe(true);
    for (const query of [{ repository: "a".repeat(300) }, { branch: "main..evil" }, { status: "exploded" }, { limit: "100000" }, { scope: "everyone" }]) {
      expect(listCiRunsQuerySchema.safeParse(query).success, JSON.stringify(query)).toBe(false);
    }
    expect(listIncidentsQuerySchema.safeParse({ state: "burning" }).success).toBe(false);
  });

  it("takes wait_for_ci as a boolean only", () => {
    expect(updateConnectionSchema.parse({ wait_for_ci: true })).toEqual({ wait_for_ci: true });
    for (const value of ["yes", 1, null]) expect(updateConnectionSchema.safeParse({ wait_for_ci: value }).success).toBe(false);
  });
});
