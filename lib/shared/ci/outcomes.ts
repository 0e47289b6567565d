// How a CI run's status and conclusion read, on the server (incidents) and in the browser (the CI strip).
export const CI_STATUSES = ["queued", "in_progress", "completed"] as const;
export type CiStatus = (typeof CI_STATUSES)[number];

// Conclusions that make a workflow red; success makes it green; the rest (cancelled, skipped, neutral,
// action_required, stale) say nothing about the code.
const FAILED = new Set(["failure", "timed_out", "startup_failure"]);

export type CiOutcome = "failed" | "succeeded" | "pending" | "inconclusive";

export function ciOutcome(run: { status: CiStatus; conclusion: string | null }): CiOutcome {
  if (run.status !== "completed") return "pending";
  if (run.conclusion === "success") return "succeeded";
  return run.conclusion && FAILED.has(run.conclusion) ? "failed" : "inconclusive";
}

// "47 min", "2 h 5 min", "30 s": how long a workflow was red, or a run took.
export function spokenDuration(ms: number): string {
  const seconds = Math.max(0, Math.round(ms / 1000));
  if (seconds < 60) return `${seconds} s`;
  const minutes = Math.round(seconds / 60);
  if (minutes < 60) return `${minutes} min`;
  const hours = Math.floor(minutes / 60);
  return minutes % 60 === 0 ? `${hours} h` : `${hours} h ${minutes % 60} min`;
}
