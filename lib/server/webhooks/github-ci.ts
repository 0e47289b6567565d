// GitHub Actions deliveries (workflow_run, workflow_job) as CI reports. The payloads are validated here,
// at the boundary: ids are numbers, shas hex, branches valid ref names, URLs http(s).
import { z } from "zod";
import type { CiStatus } from "@/lib/shared/ci/outcomes";
import { branchSchema, commitAuthorSchema, commitShaSchema } from "@/lib/shared/validations/git";
import { invalidPayload } from "./types";
import { providerTime, type CiReport } from "@/lib/server/ci/report";
import type { RunnerJobReport } from "@/lib/server/runners/report";
import { ciConclusionSchema, ciLinkSchema } from "@/lib/shared/validations/ci";
import { runnerLabelSchema } from "@/lib/shared/validations/runners";

// GitHub's statuses, as the three Berth keeps. requested, waiting and pending have not started.
const statusSchema = z.enum(["requested", "queued", "waiting", "pending", "in_progress", "completed"]).transform((status): CiStatus => {
  if (status === "completed" || status === "in_progress") return status;
  return "queued";
});

const conclusion = ciConclusionSchema.nullish().transform((value) => value ?? null);
const webUrl = ciLinkSchema.nullish().transform((value) => value ?? null);
const optionalText = (max: number) => z.string().max(max).nullish().transform((value) => value || null);

const workflowRunSchema = z.object({
  workflow_run: z.object({
    id: z.number().int().nonnegative(),
    name: optionalText(200),
    path: optionalText(500),
    run_attempt: z.number().int().min(1).max(1000).default(1),
    head_branch: branchSchema.nullish().transform((value) => value ?? null),
    head_sha: commitShaSchema,
    event: optionalText(100),
    status: statusSchema,
    conclusion,
    html_url: webUrl,
    created_at: providerTime,
    run_started_at: providerTime,
    updated_at: providerTime,
    head_commit: z.object({ author: z.object({ name: commitAuthorSchema.nullish() }).nullish() }).nullish(),
  }),
  workflow: z.object({ name: optionalText(200) }).nullish(),
});

const workflowJobSchema = z.object({
  workflow_job: z.object({
    id: z.number().int().nonnegative(),
    run_id: z.number().int().nonnegative(),
    run_attempt: z.number().int().min(1).max(1000).default(1),
    name: z.string().trim().min(1).max(200),
    workflow_name: optionalText(200),
    head_branch: branchSchema.nullish().transform((value) => value ?? null),
    head_sha: commitShaSchema,
    status: statusSchema,
    conclusion,
    html_url: webUrl,
    created_at: providerTime,
    started_at: providerTime,
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
  const report: CiReport = {
    runId: String(job.run_id),
    attempt: job.run_attempt,
    workflow: job.workflow_name ?? "workflow",
    branch: job.head_branch,
    commitSha: job.head_sha,
    author: null,
    event: null,
    // A job under way means its run is; a finished job does not finish the run.
    status: job.status === "queued" ? "queued" : "in_progress",
    conclusion: null,
    url: null,
    startedAt: job.created_at,
    finishedAt: null,
    reportedAt: null,
    job: { name: job.name, url: job.html_url, conclusion: job.status === "completed" ? job.conclusion : null, status: job.status },
    failedJobs: null,
  };
  return { report, runnerJob };
}
