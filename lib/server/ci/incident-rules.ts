// What a finished run does to its workflow's incident on its branch. Pure: the ordering rules are tested
// without a database. Runs are compared by when they started, so a late delivery of an older run neither
// resolves a newer failure nor reopens a workflow that a newer run made green.
import type { CiOutcome } from "@/lib/shared/ci/outcomes";

export type IncidentAction = "open" | "count" | "count_older" | "resolve" | "none";

export function incidentAction(input: {
  outcome: CiOutcome;
  startedAt: Date | null;
  // The open incident, if any, and when its latest failing run started.
  open: { lastFailureStartedAt: Date | null } | null;
  // A successful run of the same workflow and branch that started after this one.
  newerSuccess: boolean;
}): IncidentAction {
  const { outcome, startedAt, open } = input;
  const after = (a: Date | null, b: Date | null) => a === null || b === null || a.getTime() > b.getTime();
  if (outcome === "failed") {
    if (open) return after(startedAt, open.lastFailureStartedAt) || startedAt?.getTime() === open.lastFailureStartedAt?.getTime() ? "count" : "count_older";
    return input.newerSuccess ? "none" : "open";
  }
  if (outcome === "succeeded" && open && after(startedAt, open.lastFailureStartedAt)) return "resolve";
  return "none";
}
