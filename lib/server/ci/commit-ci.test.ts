import { describe, expect, it } from "vitest";
import { commitVerdict } from "./commit-ci";

describe("commitVerdict", () => {
  it("waits for a commit without runs or with one still running, passes when all finished without failure", () => {
    expect(commitVerdict([])).toEqual({ verdict: "pending", detail: "no CI run has reported yet" });
    expect(commitVerdict([{ workflow: "Tests", status: "in_progress", conclusion: null }, { workflow: "Lint", status: "completed", conclusion: "success" }])).toEqual({
      verdict: "pending",
      detail: "Tests still running",
    });
    expect(commitVerdict([{ workflow: "Lint", status: "completed", conclusion: "success" }, { workflow: "Docs", status: "completed", conclusion: "skipped" }]).verdict).toBe("passed");
  });

  it("fails as soon as one run failed, timed out or was cancelled, even while others run", () => {
    const verdict = commitVerdict([
      { workflow: "Tests", status: "completed", conclusion: "timed_out" },
      { workflow: "E2E", status: "completed", conclusion: "cancelled" },
      { workflow: "Lint", status: "in_progress", conclusion: null },
    ]);
    expect(verdict).toEqual({ verdict: "failed", detail: "Tests (timed_out), E2E (cancelled)" });
  });
});
