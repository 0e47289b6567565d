// Gitea and Forgejo deliveries: X-Gitea-Signature (bare hex) or X-Hub-Signature-256, X-Gitea-Event.
// Gitea also sends GitHub-style headers, which is why receivers route by the URL's provider.
import { z } from "zod";
import { commitAuthorSchema, commitMessageSchema, commitShaSchema, pushedRefSchema, repositoryNameSchema } from "@/lib/shared/validations/git";
import { giteaWorkflowJob, giteaWorkflowRun } from "./gitea-ci";
import { giteaPullRequest } from "./pull-requests";
import { headerValue, verifySha256Header } from "./signature";
import { invalidPayload, isZeroSha, singleRefPush, type ProviderAdapter } from "./types";

const repositorySchema = z.object({ full_name: repositoryNameSchema });

const pushSchema = z.object({
  ref: pushedRefSchema,
  after: commitShaSchema,
  repository: repositorySchema,
  head_commit: z.object({ id: commitShaSchema, message: commitMessageSchema, author: z.object({ name: commitAuthorSchema.nullish() }).nullish() }).nullish(),
  commits: z.array(z.object({ id: commitShaSchema })).default([]),
});

const anyEventSchema = z.object({ action: z.string().optional(), repository: repositorySchema.nullish() });

export const gitea: ProviderAdapter = {
  provider: "gitea",
  secretHeaders: [],
  formBodies: true,
  event: (headers) => headerValue(headers, "x-gitea-event") ?? headerValue(headers, "x-forgejo-event"),
  deliveryId: (headers) => headerValue(headers, "x-gitea-delivery") ?? headerValue(headers, "x-forgejo-delivery"),
  signed: (headers) => ["x-gitea-signature", "x-forgejo-signature", "x-hub-signature-256"].some((name) => headerValue(headers, name) !== null),
  verify(secret, raw, headers) {
    const hex = headerValue(headers, "x-gitea-signature") ?? headerValue(headers, "x-forgejo-signature");
    return verifySha256Header(secret, raw, hex ? `sha256=${hex}` : headerValue(headers, "x-hub-signature-256"));
  },
  repository: (payload) => anyEventSchema.safeParse(payload).data?.repository?.full_name ?? null,
  parse(event, payload) {
    const action = anyEventSchema.safeParse(payload).data?.action ?? null;
    const repository = gitea.repository(payload);
    if (repository && event === "workflow_run") return { event, action, normalized: { kind: "ci", repository, report: giteaWorkflowRun(payload) } };
    if (repository && event === "workflow_job") return { event, action, normalized: { kind: "ci", repository, report: giteaWorkflowJob(payload) } };
    const pullRequest = repository && event === "pull_request" ? giteaPullRequest(payload) : null;
    if (repository && pullRequest) return { event, action, normalized: { kind: "pull_request", repository, pullRequest } };
    if (event !== "push") return { event, action, normalized: { kind: "other", repository } };
    const push = pushSchema.safeParse(payload);
    if (!push.success) throw invalidPayload("Gitea push", push.error);
    const { ref, after, head_commit, commits } = push.data;
    // "Test Delivery" carries a fake commit whose id is all zeros; a real push never does (a deletion
    // carries no commit at all).
    if (commits.some((commit) => isZeroSha(commit.id)) || isZeroSha(head_commit?.id)) {
      return { event, action: "test", normalized: { kind: "ping" } };
    }
    const head = head_commit ? { sha: head_commit.id, message: head_commit.message, author: head_commit.author?.name ?? null } : null;
    return { event, action, normalized: singleRefPush(push.data.repository.full_name, ref, after, head) };
  },
};
