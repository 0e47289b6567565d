import { describe, expect, it } from "vitest";
import { ciOutcome, spokenDuration } from "./outcomes";

describe("CI outcomes", () => {
  it("reads failure, timed_out and startup_failure as red, success as green, the rest as saying nothing", () => {
    expect(["failure", "timed_out", "startup_failure"].map((conclusion) => ciOutcome({ status: "completed", conclusion }))).toEqual(["failed", "failed", "failed"]);
    expect(ciOutcome({ status: "completed", conclusion: "success" })).toBe("succeeded");
    expect(ciOutcome({ status: "completed", conclusion: "cancelled" })).toBe("inconclusive");
    expect(ciOutcome({ status: "in_progress", conclusion: null })).toBe("pending");
  });

  it("says durations as people do", () => {
    expect([30_000, 47 * 60_000, 125 * 60_000, 120 * 60_000].map(spokenDuration)).toEqual(["30 s", "47 min", "2 h 5 min", "2 h"]);
  });
});
