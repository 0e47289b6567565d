// Bitbucket Cloud's repo:commit_status_created / _updated as CI reports: one status key on one commit is one
// run. The commit comes from the status's commit link (recorded payloads carry no hash field); a branch only
// when Bitbucket names one (refname), so statuses without it are tracked but open no incident.
import { z } from "zod";
import type { CiStatus } from "@/lib/shared/ci/outcomes";
import { ciLinkSchema } from "@/lib/shared/validations/ci";
import { branchSchema, commitShaSchema } from "@/lib/shared/validations/git";
import { providerTime, type CiReport } from "@/lib/server/ci/report";
import { invalidPayload } from "./types";

const STATES: Record<string, { status: CiStatus; conclusion: string | null }> = {
  INPROGRESS: { status: "in_progress", conclusion: null },
  SUCCESSFUL: { status: "completed", conclusion: "success" },
  FAILED: { status: "completed", conclusion: "failure" },
  STOPPED: { status: "completed", conclusion: "cancelled" },
};


const commitStatusSchema = z.object({
  commit_status: z.object({
    key: z.string().regex(/^[\w.-]{1,40}$/, "must be a status key (letters, digits, . _ -)"),
    name: z.string().trim().max(200).nullish(),
    state: z.string().refine((value) => value in STATES, { message: "is not a Bitbucket commit status state" }),
    url: ciLinkSchema.nullish(),
    refname: branchSchema.nullish(),
    created_on: providerTime,
    updated_on: providerTime,
    commit: z.object({ hash: commitShaSchema }).nullish(),
    links: z.object({ commit: z.object({ href: ciLinkSchema }).nullish() }).nullish(),
  }),
});

export function bitbucketCommitStatus(payload: unknown): CiReport {
  const parsed = commitStatusSchema.safeParse(payload);
  if (!parsed.success) throw invalidPayload("Bitbucket commit status", parsed.error);
  const status = parsed.data.commit_status;
  const fromLink = commitShaSchema.safeParse(status.links?.commit?.href.split("/").at(-1) ?? "").data;
  const sha = status.commit?.hash ?? fromLink;
  if (!sha) throw invalidPayload("Bitbucket commit status", new z.ZodError([{ code: "custom", path: ["commit_status", "links", "commit"], message: "names no commit", input: null }]));
  const state = STATES[status.state] ?? { status: "in_progress", conclusion: null };
  return {
    runId: `${sha.slice(0, 12)}:${status.key}`,
    attempt: 1,
    workflow: status.name || status.key,
    branch: status.refname ?? null,
    commitSha: sha,
    author: null,
    event: "commit_status",
    status: state.status,
    conclusion: state.conclusion,
    url: status.url ?? null,
    startedAt: status.created_on,
    finishedAt: state.status === "completed" ? status.updated_on : null,
    reportedAt: status.updated_on,
    job: null,
    failedJobs: null,
  };
}
