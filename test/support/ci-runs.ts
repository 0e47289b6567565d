// GitHub Actions deliveries for tests: the recorded examples (@octokit/webhooks-examples) with their run id,
// attempt, workflow, branch, commit and times set.
import { githubExample, randomSha } from "./webhooks";

let runIds = Math.floor(Math.random() * 1e9);
export const nextRunId = () => runIds++;

// 14:mm UTC on a fixed day, as GitHub writes times.
export const at = (minute: number) => new Date(Date.UTC(2026, 10, 28, 14, minute)).toISOString();

export type Run = { id?: number; attempt?: number; name?: string; branch?: string; sha?: string; status: string; conclusion?: string | null; start: number; update: number };

export function workflowRun(run: Run) {
  const payload = githubExample("workflow_run", (candidate) => (candidate.workflow_run as { conclusion?: string }).conclusion === "success");
  const base = payload.workflow_run as Record<string, unknown>;
  const id = run.id ?? nextRunId();
  payload.action = run.status === "completed" ? "completed" : run.status === "in_progress" ? "in_progress" : "requested";
  payload.workflow_run = {
    ...base,
    id,
    name: run.name ?? "CI",
    run_attempt: run.attempt ?? 1,
    head_branch: run.branch ?? "main",
    head_sha: run.sha ?? randomSha(),
    status: run.status,
    conclusion: run.conclusion ?? null,
    run_started_at: at(run.start),
    created_at: at(run.start),
    updated_at: at(run.update),
    html_url: `https://github.com/acme/app/actions/runs/${id}`,
    head_commit: { ...(base.head_commit as object), author: { name: "Jane Doe", email: "jane@example.com" } },
  };
  return payload;
}

export function workflowJob(runId: number, name: string, conclusion: string) {
  const payload = githubExample("workflow_job", (candidate) => (candidate.workflow_job as { conclusion?: string }).conclusion === "failure");
  payload.workflow_job = {
    ...(payload.workflow_job as object),
    id: nextRunId(),
    run_id: runId,
    name,
    workflow_name: "CI",
    head_branch: "main",
    head_sha: randomSha(),
    status: "completed",
    conclusion,
    html_url: `https://github.com/acme/app/actions/runs/${runId}/job/7`,
  };
  return payload;
}
