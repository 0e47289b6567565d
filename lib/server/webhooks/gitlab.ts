// GitLab deliveries: X-Gitlab-Token is the shared secret itself; X-Gitlab-Event names the hook.
import { z } from "zod";
import { secretsEqual } from "@/lib/server/crypto/compare";
import { commitAuthorSchema, commitMessageSchema, commitShaSchema, pushedRefSchema, repositoryNameSchema } from "@/lib/shared/validations/git";
import { gitlabJob, gitlabPipeline } from "./gitlab-ci";
import { gitlabMergeRequest } from "./pull-requests";
import { headerValue } from "./signature";
import { invalidPayload, singleRefPush, type ProviderAdapter } from "./types";

const projectSchema = z.object({ path_with_namespace: repositoryNameSchema });

const pushSchema = z.object({
  ref: pushedRefSchema,
  after: commitShaSchema,
  checkout_sha: commitShaSchema.nullish(),
  project: projectSchema,
  commits: z.array(z.object({ id: commitShaSchema, message: commitMessageSchema, author: z.object({ name: commitAuthorSchema.nullish() }).nullish() })).default([]),
});

const anyEventSchema = z.object({
  project: projectSchema.nullish(),
  object_attributes: z.object({ action: z.string().nullish(), status: z.string().nullish() }).nullish(),
});

export const gitlab: ProviderAdapter = {
  provider: "gitlab",
  secretHeaders: ["x-gitlab-token"],
  event: (headers) => headerValue(headers, "x-gitlab-event"),
  // Idempotency-Key (GitLab 17.4+) stays the same across retries; the event UUID is the older fallback.
  deliveryId: (headers) => headerValue(headers, "idempotency-key") ?? headerValue(headers, "x-gitlab-event-uuid"),
  signed: (headers) => headerValue(headers, "x-gitlab-token") !== null,
  verify: async (secret, _raw, headers) => {
    const token = headerValue(headers, "x-gitlab-token");
    return token !== null && secretsEqual(token, secret);
  },
  repository: (payload) => anyEventSchema.safeParse(payload).data?.project?.path_with_namespace ?? null,
  parse(event, payload) {
    const attributes = anyEventSchema.safeParse(payload).data?.object_attributes;
    const action = attributes?.action ?? attributes?.status ?? null;
    if (event === "Push Hook" || event === "Tag Push Hook") {
      const push = pushSchema.safeParse(payload);
      if (!push.success) throw invalidPayload("GitLab push", push.error);
      const { ref, after, project, commits } = push.data;
      const head = commits.find((commit) => commit.id === after) ?? commits.at(-1);
      const headCommit = head ? { sha: head.id, message: head.message, author: head.author?.name ?? null } : null;
      return { event, action, normalized: singleRefPush(project.path_with_namespace, ref, after, headCommit) };
    }
    const repository = gitlab.repository(payload);
    if (repository && event === "Pipeline Hook") return { event, action, normalized: { kind: "ci", repository, report: gitlabPipeline(payload) } };
    // Job hooks carry no project path: the per-service receiver knows the repository by its connection.
    if (event === "Job Hook") return { event, action, normalized: { kind: "ci", repository: repository ?? "", report: gitlabJob(payload) } };
    const pullRequest = repository && event === "Merge Request Hook" ? gitlabMergeRequest(payload) : null;
    if (repository && pullRequest) return { event, action, normalized: { kind: "pull_request", repository, pullRequest } };
    return { event, action, normalized: { kind: "other", repository } };
  },
};
