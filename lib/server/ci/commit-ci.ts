// What CI says about one commit of a connected repository: its runs so far, read as one verdict.
import { db } from "@/lib/server/db";
import { ciOutcome, type CiStatus } from "@/lib/shared/ci/outcomes";

export type CommitCi = { verdict: "pending" | "passed" | "failed"; detail: string };

// Red when any run failed or was cancelled; green when there are runs and all finished otherwise; pending
// while one still runs, or none has reported yet.
export function commitVerdict(runs: { workflow: string; status: CiStatus; conclusion: string | null }[]): CommitCi {
  const stopped = runs.filter((run) => ciOutcome(run) === "failed" || run.conclusion === "cancelled");
  if (stopped.length > 0) return { verdict: "failed", detail: stopped.map((run) => `${run.workflow} (${run.conclusion})`).join(", ") };
  const running = runs.filter((run) => run.status !== "completed");
  if (runs.length === 0) return { verdict: "pending", detail: "no CI run has reported yet" };
  if (running.length > 0) return { verdict: "pending", detail: `${running.map((run) => run.workflow).join(", ")} still running` };
  return { verdict: "passed", detail: runs.map((run) => run.workflow).join(", ") };
}

export async function commitCi(connectionId: string, commitSha: string): Promise<CommitCi> {
  const runs = await db.ciRun.findMany({ where: { connectionId, commitSha }, select: { workflow: true, status: true, conclusion: true }, orderBy: { workflow: "asc" } });
  return commitVerdict(runs);
}
