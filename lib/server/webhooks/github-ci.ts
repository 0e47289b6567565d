// GitHub Actions deliveries (workflow_run, workflow_job) as CI reports. The payloads are validated here,
// at the boundary: ids are numbers, shas hex, branches valid ref names, URLs http(s).
import { z } from "zod";
import { branchSchema, commitAuthorSchema } from "@/lib/shared/validations/git";
import { invalidPayload } from "./types";
import { providerTime, type CiReport } from "@/lib/server/ci/report";
import type { RunnerJobReport } from "@/lib/server/runners/report";
import { runnerLabelSchema } from "@/lib/shared/validations/runners";
import { jobReport, optionalText, sharedJobFields, sharedRunFields } from "./ci-fields";

const workflowRunSchema = z.object({
  workflow_run: z.object({
    ...sharedRunFields,
    name: optionalText(200),
    run_attempt: z.number().int().min(1).max(1000).default(1),
    head_branch: branchSchema.nullish().transform((value) => value ?? null),
    run_started_at: providerTime,
    head_commit: z.object({ author: z.object({ name: commitAuthorSchema.nullish() }).nullish() }).nullish(),
  }),
  workflow: z.object({ name: optionalText(200) }).nullish(),
});

const workflowJobSchema = z.object({
  workflow_job: z.object({
    ...sharedJobFields,
    run_attempt: z.number().int().min(1).max(1000).default(1),
    workflow_name: optionalText(200),
    head_branch: branchSchema.nullish().transform((value) => value ?? null),
    labels: z.array(runnerLabelSchema).max(50).default([]),
    runner_name: optionalText(200),
  }),
});

export function githubWorkflowRun(payload: unknown): CiReport {
  const parsed = workflowRunSchema.safeParse(payload);
  if (!parsed.success) throw invalidPayload("GitHub workflow_run", parsed.error);
  const { workflow_run: run, workflow } = parsed.data;
  return {
    runId: String(run.id),
    attempt: run.run_attempt,
    workflow: run.name ?? workflow?.name ?? run.path ?? "workflow",
    branch: run.head_branch,
    commitSha: run.head_sha,
    author: run.head_commit?.author?.name ?? null,
    event: run.event,
    status: run.status,
    conclusion: run.status === "completed" ? run.conclusion : null,
    url: run.html_url,
    startedAt: run.run_started_at ?? run.created_at,
    finishedAt: run.status === "completed" ? run.updated_at : null,
    reportedAt: run.updated_at,
    job: null,
    failedJobs: null,
  };
}

// The job as a CI report (its run moves along) and as a job that may want one of Berth's runners.
export function githubWorkflowJob(payload: unknown): { report: CiReport; runnerJob: RunnerJobReport } {
  const parsed = workflowJobSchema.safeParse(payload);
  if (!parsed.success) throw invalidPayload("GitHub workflow_job", parsed.error);
  const { workflow_job: job } = parsed.data;
  const runnerJob: RunnerJobReport = {
    jobId: String(job.id),
    runId: String(job.run_id),
    name: job.name,
    labels: job.labels,
    branch: job.head_branch,
    status: job.status,
    conclusion: job.status === "completed" ? job.conclusion : null,
    runnerName: job.runner_name,
  };
  return { report: jobReport(job, job.workflow_name ?? "workflow", job.created_at), runnerJob };
}
