// GitLab's Pipeline Hook as a CI report: the pipeline is the run, its builds the jobs.
import { z } from "zod";
import type { CiStatus } from "@/lib/shared/ci/outcomes";
import { ciLinkSchema } from "@/lib/shared/validations/ci";
import { branchSchema, commitAuthorSchema, commitShaSchema } from "@/lib/shared/validations/git";
import { invalidPayload } from "./types";
import { providerTime, type CiReport } from "@/lib/server/ci/report";

// GitLab's pipeline (and job) statuses as Berth's status and conclusion.
const STATES: Record<string, { status: CiStatus; conclusion: string | null }> = {
  created: { status: "queued", conclusion: null },
  waiting_for_resource: { status: "queued", conclusion: null },
  preparing: { status: "queued", conclusion: null },
  pending: { status: "queued", conclusion: null },
  scheduled: { status: "queued", conclusion: null },
  manual: { status: "queued", conclusion: null },
  running: { status: "in_progress", conclusion: null },
  success: { status: "completed", conclusion: "success" },
  failed: { status: "completed", conclusion: "failure" },
  canceled: { status: "completed", conclusion: "cancelled" },
  canceling: { status: "in_progress", conclusion: null },
  skipped: { status: "completed", conclusion: "skipped" },
};

const stateSchema = z.string().refine((value) => value in STATES, { message: "is not a GitLab pipeline status" });

const pipelineSchema = z.object({
  object_attributes: z.object({
    id: z.number().int().nonnegative(),
    name: z.string().max(200).nullish(),
    ref: z.string().max(255),
    tag: z.boolean().default(false),
    sha: commitShaSchema,
    source: z.string().max(100).nullish(),
    status: stateSchema,
    created_at: providerTime,
    finished_at: providerTime,
    url: ciLinkSchema.nullish(),
  }),
  project: z.object({ web_url: ciLinkSchema.nullish() }),
  commit: z.object({ author: z.object({ name: commitAuthorSchema.nullish() }).nullish() }).nullish(),
  builds: z
    .array(z.object({ id: z.number().int().nonnegative(), name: z.string().trim().min(1).max(200), status: stateSchema }))
    .max(1000)
    .default([]),
});

export function gitlabPipeline(payload: unknown): CiReport {
  const parsed = pipelineSchema.safeParse(payload);
  if (!parsed.success) throw invalidPayload("GitLab pipeline", parsed.error);
  const { object_attributes: pipeline, project, commit, builds } = parsed.data;
  const state = STATES[pipeline.status] ?? { status: "queued", conclusion: null };
  const branch = pipeline.tag ? null : branchSchema.safeParse(pipeline.ref).data ?? null;
  const jobUrl = (id: number) => (project.web_url ? `${project.web_url.replace(/\/+$/, "")}/-/jobs/${id}` : null);
  return {
    runId: String(pipeline.id),
    attempt: 1,
    workflow: pipeline.name || "pipeline",
    branch,
    commitSha: pipeline.sha,
    author: commit?.author?.name ?? null,
    event: pipeline.source ?? null,
    status: state.status,
    conclusion: state.conclusion,
    url: pipeline.url ?? null,
    startedAt: pipeline.created_at,
    finishedAt: state.status === "completed" ? (pipeline.finished_at ?? null) : null,
    // GitLab sends no update time: the finish time orders two completed reports, the status rank the rest.
    reportedAt: pipeline.finished_at ?? pipeline.created_at,
    job: null,
    failedJobs: builds
      .filter((build) => STATES[build.status]?.conclusion === "failure")
      .map((build) => ({ name: build.name, url: jobUrl(build.id), conclusion: "failure" })),
  };
}

const jobSchema = z.object({
  build_id: z.number().int().nonnegative(),
  build_name: z.string().trim().min(1).max(200),
  build_status: stateSchema,
  pipeline_id: z.number().int().nonnegative(),
  ref: z.string().max(255),
  tag: z.boolean().default(false),
  sha: commitShaSchema,
  build_created_at: providerTime,
  build_started_at: providerTime,
  repository: z.object({ homepage: ciLinkSchema.nullish() }).nullish(),
});

// GitLab's Job Hook: one job of a pipeline, which names the job's log; the pipeline hook decides the outcome.
export function gitlabJob(payload: unknown): CiReport {
  const parsed = jobSchema.safeParse(payload);
  if (!parsed.success) throw invalidPayload("GitLab job", parsed.error);
  const job = parsed.data;
  const state = STATES[job.build_status] ?? { status: "queued", conclusion: null };
  const home = job.repository?.homepage?.replace(/\/+$/, "");
  return {
    runId: String(job.pipeline_id),
    attempt: 1,
    workflow: "workflow",
    branch: job.tag ? null : (branchSchema.safeParse(job.ref).data ?? null),
    commitSha: job.sha,
    author: null,
    event: null,
    status: state.status === "queued" ? "queued" : "in_progress",
    conclusion: null,
    url: null,
    startedAt: job.build_created_at,
    finishedAt: null,
    reportedAt: null,
    job: { name: job.build_name, url: home ? `${home}/-/jobs/${job.build_id}` : null, conclusion: state.conclusion, status: state.status },
    failedJobs: null,
  };
}
