// Bitbucket Cloud and Bitbucket Server (Data Center) deliveries: X-Hub-Signature (SHA-256 despite the
// name), X-Event-Key. Cloud's X-Request-UUID may change between attempts; commit dedupe covers retries.
import { z } from "zod";
import { commitAuthorSchema, commitMessageSchema, commitShaSchema, pushedRefSchema, refNameSchema, repositoryNameSchema } from "@/lib/shared/validations/git";
import { bitbucketCommitStatus } from "./bitbucket-ci";
import { bitbucketPullRequest, isBitbucketPullRequestEvent } from "./pull-requests";
import { headerValue, verifySha256Header } from "./signature";
import { invalidPayload, isZeroSha, type ProviderAdapter, type RefUpdate } from "./types";

const cloudTargetSchema = z.object({
  hash: commitShaSchema,
  message: commitMessageSchema.nullish(),
  // A commit author (raw "Name <email>" plus the linked user), or in older payloads the user itself.
  author: z.object({ raw: commitAuthorSchema.nullish(), display_name: commitAuthorSchema.nullish(), user: z.object({ display_name: commitAuthorSchema.nullish() }).nullish() }).nullish(),
});

const cloudPushSchema = z.object({
  repository: z.object({ full_name: repositoryNameSchema }),
  push: z.object({
    changes: z.array(
      z.object({
        new: z.object({ type: z.string(), name: refNameSchema, target: cloudTargetSchema }).nullable(),
        old: z.object({ type: z.string(), name: refNameSchema }).nullable(),
      }),
    ),
  }),
});

const serverRepositorySchema = z.object({ slug: repositoryNameSchema, project: z.object({ key: repositoryNameSchema }) });

const serverPushSchema = z.object({
  repository: serverRepositorySchema,
  changes: z.array(z.object({ ref: z.object({ id: pushedRefSchema }), toHash: commitShaSchema, type: z.string() })),
});

const anyEventSchema = z.object({
  repository: z.union([z.object({ full_name: repositoryNameSchema }), serverRepositorySchema]).nullish(),
});

const refPrefix = (type: string) => (type === "tag" ? "refs/tags/" : "refs/heads/");

function cloudUpdates(payload: unknown): RefUpdate[] {
  const push = cloudPushSchema.safeParse(payload);
  if (!push.success) throw invalidPayload("Bitbucket push", push.error);
  return push.data.push.changes.flatMap((change): RefUpdate[] => {
    if (change.new) {
      const { target } = change.new;
      const author = target.author?.user?.display_name ?? target.author?.display_name ?? target.author?.raw ?? null;
      return [{ ref: `${refPrefix(change.new.type)}${change.new.name}`, after: target.hash, headCommit: { sha: target.hash, message: target.message ?? null, author } }];
    }
    return change.old ? [{ ref: `${refPrefix(change.old.type)}${change.old.name}`, after: null, headCommit: null }] : [];
  });
}

function serverUpdates(payload: unknown): RefUpdate[] {
  const push = serverPushSchema.safeParse(payload);
  if (!push.success) throw invalidPayload("Bitbucket Server push", push.error);
  return push.data.changes.map((change) => {
    const deleted = change.type === "DELETE" || isZeroSha(change.toHash);
    return { ref: change.ref.id, after: deleted ? null : change.toHash, headCommit: deleted ? null : { sha: change.toHash, message: null, author: null } };
  });
}

export const bitbucket: ProviderAdapter = {
  provider: "bitbucket",
  secretHeaders: [],
  event: (headers) => headerValue(headers, "x-event-key"),
  deliveryId: (headers) => headerValue(headers, "x-request-uuid") ?? headerValue(headers, "x-request-id"),
  signed: (headers) => headerValue(headers, "x-hub-signature") !== null,
  verify: (secret, raw, headers) => verifySha256Header(secret, raw, headerValue(headers, "x-hub-signature")),
  // Bitbucket Server's "Test connection" may send diagnostics:ping without a signature.
  isUnsignedTest: (event, headers) => event === "diagnostics:ping" && headerValue(headers, "x-hub-signature") === null,
  repository(payload) {
    const repository = anyEventSchema.safeParse(payload).data?.repository;
    if (!repository) return null;
    return "full_name" in repository ? repository.full_name : `${repository.project.key}/${repository.slug}`;
  },
  parse(event, payload) {
    const action = event.includes(":") ? (event.split(":").at(-1) ?? null) : null;
    if (event === "diagnostics:ping") return { event, action, normalized: { kind: "ping" } };
    if (event === "repo:push") return { event, action, normalized: { kind: "push", repository: bitbucket.repository(payload), updates: cloudUpdates(payload) } };
    if (event === "repo:refs_changed") {
      return { event, action, normalized: { kind: "push", repository: bitbucket.repository(payload), updates: serverUpdates(payload) } };
    }
    const repository = bitbucket.repository(payload);
    if (repository && (event === "repo:commit_status_created" || event === "repo:commit_status_updated")) {
      return { event, action, normalized: { kind: "ci", repository, report: bitbucketCommitStatus(payload) } };
    }
    const pullRequest = repository && isBitbucketPullRequestEvent(event) ? bitbucketPullRequest(event, payload) : null;
    if (repository && pullRequest) return { event, action, normalized: { kind: "pull_request", repository, pullRequest } };
    return { event, action, normalized: { kind: "other", repository } };
  },
};
