// Gitea Actions deliveries (workflow_run and workflow_job, sent since Gitea 1.24) as CI reports. Gitea copies
// GitHub's shape with gaps: a run has no name (its workflow object has one), no head_commit and
// run_started_at; a job has no workflow_name; a run without attempts says run_attempt 0; a time not reached
// yet is Go's zero time. The shape is Gitea's own converters' (services/convert: ToActionWorkflowRun,
// ToActionWorkflowJob), validated here at the boundary like GitHub's.
import { z } from "zod";
import { providerTime, type CiReport } from "@/lib/server/ci/report";
import { branchSchema, commitAuthorSchema } from "@/lib/shared/validations/git";
import { jobReport, optionalText, sharedJobFields, sharedRunFields } from "./ci-fields";
import { invalidPayload } from "./types";

const attempt = z
  .number()
  .int()
  .min(0)
  .max(1000)
  .default(1)
  .transform((value) => Math.max(value, 1));
const branch = branchSchema.or(z.literal("")).nullish().transform((value) => value || null);

const workflowRunSchema = z.object({
  workflow_run: z.object({
    ...sharedRunFields,
    run_attempt: attempt,
    head_branch: branch,
    started_at: providerTime,
    completed_at: providerTime,
    actor: z.object({ login: commitAuthorSchema.nullish() }).nullish(),
  }),
  workflow: z.object({ name: optionalText(200) }).nullish(),
});

const workflowJobSchema = z.object({
  workflow_job: z.object({
    ...sharedJobFields,
    run_attempt: attempt,
    head_branch: branch,
  }),
});

// The run's file, from Gitea's path "ci.yml@refs/heads/main", when the workflow object names nothing.
const workflowFile = (path: string | null) => path?.split("@")[0] || null;

export function giteaWorkflowRun(payload: unknown): CiReport {
  const parsed = workflowRunSchema.safeParse(payload);
  if (!parsed.success) throw invalidPayload("Gitea workflow_run", parsed.error);
  const { workflow_run: run, workflow } = parsed.data;
  const completed = run.status === "completed";
  return {
    runId: String(run.id),
    attempt: run.run_attempt,
    workflow: workflow?.name ?? workflowFile(run.path) ?? "workflow",
    branch: run.head_branch,
    commitSha: run.head_sha,
    author: run.actor?.login ?? null,
    event: run.event,
    status: run.status,
    conclusion: completed ? run.conclusion : null,
    url: run.html_url,
    startedAt: run.started_at ?? run.created_at,
    finishedAt: completed ? (run.completed_at ?? run.updated_at) : null,
    reportedAt: run.updated_at,
    job: null,
    failedJobs: null,
  };
}

// A job moves its run along and names its log when it fails; Gitea's jobs do not get Berth's runners (those
// are GitHub's just-in-time runners).
export function giteaWorkflowJob(payload: unknown): CiReport {
  const parsed = workflowJobSchema.safeParse(payload);
  if (!parsed.success) throw invalidPayload("Gitea workflow_job", parsed.error);
  const { workflow_job: job } = parsed.data;
  // Gitea's job does not name its workflow; the run's delivery does, and wins (merge-report.ts).
  return jobReport(job, "workflow", job.started_at ?? job.created_at);
}
