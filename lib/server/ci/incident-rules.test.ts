import { describe, expect, it } from "vitest";
import { incidentAction } from "./incident-rules";

const minute = (n: number) => new Date(Date.UTC(2026, 10, 28, 14, n));

describe("incidentAction", () => {
  it("opens on a failure with nothing open, unless a newer run already passed", () => {
    expect(incidentAction({ outcome: "failed", startedAt: minute(5), open: null, newerSuccess: false })).toBe("open");
    expect(incidentAction({ outcome: "failed", startedAt: minute(5), open: null, newerSuccess: true })).toBe("none");
  });

  it("counts further failures, as the latest only when they started later", () => {
    const open = { lastFailureStartedAt: minute(10) };
    expect(incidentAction({ outcome: "failed", startedAt: minute(20), open, newerSuccess: false })).toBe("count");
    expect(incidentAction({ outcome: "failed", startedAt: minute(1), open, newerSuccess: false })).toBe("count_older");
  });

  it("resolves only on a success that started after the last failure; cancelled and skipped runs change nothing", () => {
    const open = { lastFailureStartedAt: minute(10) };
    expect(incidentAction({ outcome: "succeeded", startedAt: minute(11), open, newerSuccess: false })).toBe("resolve");
    expect(incidentAction({ outcome: "succeeded", startedAt: minute(9), open, newerSuccess: false })).toBe("none");
    expect(incidentAction({ outcome: "inconclusive", startedAt: minute(30), open, newerSuccess: false })).toBe("none");
    expect(incidentAction({ outcome: "succeeded", startedAt: minute(30), open: null, newerSuccess: false })).toBe("none");
  });
});
