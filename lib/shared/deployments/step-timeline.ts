// A deployment's steps as a timeline, from its log lines and status: which ran, for how long, and where it
// stopped. Pure, for the deployment page.
import type { DeploymentStatus } from "@/lib/generated/prisma/enums";
import { isActive } from "./statuses";

const MAIN_STEPS = ["build", "deploy", "health", "route"] as const;
export type TimelineStep = (typeof MAIN_STEPS)[number] | "rollback";
export type StepState = "pending" | "running" | "done" | "failed" | "cancelled" | "not_reached";

export const STEP_LABELS: Record<TimelineStep, string> = { build: "Build", deploy: "Deploy", health: "Health check", route: "Route traffic", rollback: "Roll back" };

export interface TimelineEntry {
  step: TimelineStep;
  state: StepState;
  seconds: number | null;
}

export function stepTimeline(lines: readonly { step: string; created_at: string }[], status: DeploymentStatus): TimelineEntry[] {
  const spans = new Map<string, { first: number; last: number }>();
  for (const line of lines) {
    const at = Date.parse(line.created_at);
    const span = spans.get(line.step);
    if (span) span.last = Math.max(span.last, at);
    else spans.set(line.step, { first: at, last: at });
  }
  const reached = MAIN_STEPS.filter((step) => spans.has(step));
  const lastReached = reached.at(-1);
  const active = isActive(status);

  // A step lasts until the next one starts; the last one until its own last line.
  const starts = [...spans.values()].map((span) => span.first).sort((a, b) => a - b);
  const seconds = (step: TimelineStep) => {
    const span = spans.get(step);
    if (!span) return null;
    return ((starts.find((start) => start > span.first) ?? span.last) - span.first) / 1000;
  };
  const stateOf = (step: TimelineStep): StepState => {
    if (!spans.has(step)) return active ? "pending" : "not_reached";
    if (step !== lastReached) return "done";
    if (active) return "running";
    if (status === "live" || status === "superseded") return "done";
    return status === "cancelled" ? "cancelled" : "failed";
  };

  const timeline: TimelineEntry[] = MAIN_STEPS.map((step) => ({ step, state: stateOf(step), seconds: seconds(step) }));
  if (spans.has("rollback")) timeline.push({ step: "rollback", state: status === "rolled_back" ? "done" : "failed", seconds: seconds("rollback") });
  return timeline;
}
