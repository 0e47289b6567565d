import type { DeploymentStatus } from "@/lib/generated/prisma/enums";
import { STEP_LABELS, stepTimeline, type StepState } from "@/lib/shared/deployments/step-timeline";

const LOOK: Record<StepState, { mark: string; tone: string; words: string }> = {
  done: { mark: "✓", tone: "border-emerald-300 bg-emerald-50 text-emerald-800", words: "done" },
  running: { mark: "●", tone: "border-sky-300 bg-sky-50 text-sky-800 animate-pulse", words: "running" },
  failed: { mark: "✗", tone: "border-red-300 bg-red-50 text-red-800", words: "failed" },
  cancelled: { mark: "–", tone: "border-amber-300 bg-amber-50 text-amber-800", words: "cancelled" },
  pending: { mark: "○", tone: "border-slate-200 bg-white text-slate-500", words: "waiting" },
  not_reached: { mark: "○", tone: "border-slate-200 bg-white text-slate-400", words: "not reached" },
};

// Build → deploy → health check → route (→ roll back): how far the deployment got, and how long each took.
export function DeploymentSteps({ lines, status }: { lines: readonly { step: string; created_at: string }[]; status: DeploymentStatus }) {
  return (
    <ol aria-label="Steps" className="flex flex-wrap items-center gap-2 text-xs">
      {stepTimeline(lines, status).map((entry, index) => {
        const look = LOOK[entry.state];
        return (
          <li key={entry.step} className="flex items-center gap-2">
            {index > 0 ? <span aria-hidden className="text-slate-300">→</span> : null}
            <span className={`inline-flex items-center gap-1.5 rounded-full border px-3 py-1 ${look.tone}`}>
              <span aria-hidden>{look.mark}</span>
              {STEP_LABELS[entry.step]}
              <span className="sr-only">: {look.words}</span>
              {entry.seconds !== null && entry.state !== "running" ? <span className="text-slate-500">{entry.seconds.toFixed(1)} s</span> : null}
            </span>
          </li>
        );
      })}
    </ol>
  );
}
