// GitHub (and GitHub Enterprise) deliveries: X-Hub-Signature-256, X-GitHub-Event, X-GitHub-Delivery.
import { z } from "zod";
import { commitAuthorSchema, commitMessageSchema, commitShaSchema, pushedRefSchema, repositoryNameSchema } from "@/lib/shared/validations/git";
import { githubWorkflowJob, githubWorkflowRun } from "./github-ci";
import { githubPullRequest } from "./pull-requests";
import { headerValue, verifySha256Header } from "./signature";
import { invalidPayload, singleRefPush, type ProviderAdapter } from "./types";

const repositorySchema = z.object({ full_name: repositoryNameSchema });

const pushSchema = z.object({
  ref: pushedRefSchema,
  after: commitShaSchema,
  deleted: z.boolean().optional(),
  repository: repositorySchema,
  head_commit: z
    .object({ id: commitShaSchema, message: commitMessageSchema, author: z.object({ name: commitAuthorSchema.nullish(), username: commitAuthorSchema.nullish() }).nullish() })
    .nullish(),
});

const anyEventSchema = z.object({ action: z.string().optional(), repository: repositorySchema.nullish() });

export const github: ProviderAdapter = {
  provider: "github",
  secretHeaders: [],
  formBodies: true,
  event: (headers) => headerValue(headers, "x-github-event"),
  deliveryId: (headers) => headerValue(headers, "x-github-delivery"),
  signed: (headers) => headerValue(headers, "x-hub-signature-256") !== null,
  verify: (secret, raw, headers) => verifySha256Header(secret, raw, headerValue(headers, "x-hub-signature-256")),
  repository: (payload) => anyEventSchema.safeParse(payload).data?.repository?.full_name ?? null,
  parse(event, payload) {
    const action = anyEventSchema.safeParse(payload).data?.action ?? null;
    if (event === "ping") return { event, action, normalized: { kind: "ping" } };
    if (event === "push") {
      const push = pushSchema.safeParse(payload);
      if (!push.success) throw invalidPayload("GitHub push", push.error);
      const { ref, after, deleted, repository, head_commit } = push.data;
      const head = head_commit ? { sha: head_commit.id, message: head_commit.message, author: head_commit.author?.name ?? head_commit.author?.username ?? null } : null;
      return { event, action, normalized: singleRefPush(repository.full_name, ref, after, head, deleted === true) };
    }
    const repository = github.repository(payload);
    if (repository && event === "workflow_run") return { event, action, normalized: { kind: "ci", repository, report: githubWorkflowRun(payload) } };
    if (repository && event === "workflow_job") return { event, action, normalized: { kind: "ci", repository, ...githubWorkflowJob(payload) } };
    const pullRequest = repository && event === "pull_request" ? githubPullRequest(payload) : null;
    if (repository && pullRequest) return { event, action, normalized: { kind: "pull_request", repository, pullRequest } };
    return { event, action, normalized: { kind: "other", repository } };
  },
};
