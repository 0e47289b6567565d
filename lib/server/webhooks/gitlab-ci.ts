// GitLab's Pipeline Hook as a CI report: the pipeline is the run, its builds the jobs.
import { z } from "zod";
import type { CiStatus } from "@/lib/shared/ci/outcomes";
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
    url: z.url({ protocol: /^https?$/ }).max(2048).nullish(),
  }),
  project: z.object({ web_url: z.url({ protocol: /^https?$/ }).max(2048).nullish() }),
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
