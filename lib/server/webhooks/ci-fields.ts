// What the GitHub-shaped CI deliveries share (GitHub Actions, and Gitea Actions, which copies them): field
// schemas, and a job delivery read as a report on its run.
import { z } from "zod";
import { providerTime, type CiReport } from "@/lib/server/ci/report";
import { commitShaSchema } from "@/lib/shared/validations/git";
import type { CiStatus } from "@/lib/shared/ci/outcomes";
import { ciConclusionSchema, ciLinkSchema } from "@/lib/shared/validations/ci";

// The providers' statuses, as the three Berth keeps. requested, waiting and pending have not started.
export const ciStatusSchema = z.enum(["requested", "queued", "waiting", "pending", "in_progress", "completed"]).transform((status): CiStatus => {
  if (status === "completed" || status === "in_progress") return status;
  return "queued";
});

// Empty strings (Go's zero value) and nulls alike mean "none".
export const conclusionField = ciConclusionSchema.or(z.literal("")).nullish().transform((value) => value || null);
export const webUrlField = ciLinkSchema.or(z.literal("")).nullish().transform((value) => value || null);
export const optionalText = (max: number) => z.string().max(max).nullish().transform((value) => value || null);

// The fields a workflow run and a workflow job have in both providers, named alike.
export const sharedRunFields = {
  id: z.number().int().nonnegative(),
  path: optionalText(500),
  head_sha: commitShaSchema,
  event: optionalText(100),
  status: ciStatusSchema,
  conclusion: conclusionField,
  html_url: webUrlField,
  created_at: providerTime,
  updated_at: providerTime,
};

export const sharedJobFields = {
  id: z.number().int().nonnegative(),
  run_id: z.number().int().nonnegative(),
  name: z.string().trim().min(1).max(200),
  head_sha: commitShaSchema,
  status: ciStatusSchema,
  conclusion: conclusionField,
  html_url: webUrlField,
  created_at: providerTime,
  started_at: providerTime,
};

type Job = { run_id: number; run_attempt: number; name: string; head_branch: string | null; head_sha: string; status: CiStatus; conclusion: string | null; html_url: string | null };

// A job under way means its run is; a finished job does not finish the run, it only names its log.
export function jobReport(job: Job, workflow: string, startedAt: Date | null): CiReport {
  return {
    runId: String(job.run_id),
    attempt: job.run_attempt,
    workflow,
    branch: job.head_branch,
    commitSha: job.head_sha,
    author: null,
    event: null,
    status: job.status === "queued" ? "queued" : "in_progress",
    conclusion: null,
    url: null,
    startedAt,
    finishedAt: null,
    reportedAt: null,
    job: { name: job.name, url: job.html_url, conclusion: job.status === "completed" ? job.conclusion : null, status: job.status },
    failedJobs: null,
  };
}
