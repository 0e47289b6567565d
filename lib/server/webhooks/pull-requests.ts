// Pull requests (GitLab merge requests) as the four providers describe them, turned into what previews need:
// opened or reopened, moved to a new head, or closed (merged or not). Other actions (edited, labeled,
// approved, …) are not a preview's business. Shas, branch and repository names pass the same schemas as pushes.
import { z } from "zod";
import { branchSchema, commitAuthorSchema, commitShaSchema, COMMIT_SHA, repositoryNameSchema } from "@/lib/shared/validations/git";
import type { PullRequestEvent } from "@/lib/server/previews/pull-request";
import { invalidPayload } from "./types";

const numberSchema = z.number().int().min(1).max(1_000_000_000);
const titleSchema = z.string().transform((title) => (title.length <= 256 ? title : `${title.slice(0, 255)}…`));

// Who can push to the base repository, by GitHub's author_association.
const WRITERS = new Set(["OWNER", "MEMBER", "COLLABORATOR"]);

// GitHub's shape, which Gitea and Forgejo copy (without author_association).
const githubLikeSchema = z.object({
  action: z.string(),
  number: numberSchema,
  pull_request: z.object({
    title: titleSchema,
    user: z.object({ login: commitAuthorSchema }),
    author_association: z.string().optional(),
    head: z.object({ sha: commitShaSchema, ref: branchSchema, repo: z.object({ full_name: repositoryNameSchema }).nullable() }),
    base: z.object({ repo: z.object({ full_name: repositoryNameSchema }) }),
  }),
});

function githubLike(what: string, actions: Record<string, PullRequestEvent["action"]>) {
  return (payload: unknown): PullRequestEvent | null => {
    const parsed = githubLikeSchema.safeParse(payload);
    if (!parsed.success) throw invalidPayload(what, parsed.error);
    const { action, number, pull_request: pr } = parsed.data;
    const kind = actions[action];
    if (!kind) return null;
    return {
      action: kind,
      number,
      title: pr.title,
      author: pr.user.login,
      headSha: pr.head.sha,
      headRef: pr.head.ref,
      // A fork that was deleted leaves no head repository: it counts as a fork.
      headRepository: pr.head.repo?.full_name ?? "(deleted fork)",
      baseRepository: pr.base.repo.full_name,
      authorCanWrite: pr.author_association ? WRITERS.has(pr.author_association) : null,
    };
  };
}

export const githubPullRequest = githubLike("GitHub pull_request", { opened: "open", reopened: "open", synchronize: "update", closed: "close" });

// Gitea and Forgejo say "synchronized" where GitHub says "synchronize".
export const giteaPullRequest = githubLike("Gitea pull_request", { opened: "open", reopened: "open", synchronized: "update", closed: "close" });

const gitlabSchema = z.object({
  user: z.object({ username: commitAuthorSchema }),
  project: z.object({ path_with_namespace: repositoryNameSchema }),
  object_attributes: z.object({
    iid: numberSchema,
    title: titleSchema,
    action: z.string().optional(),
    source_branch: branchSchema,
    last_commit: z.object({ id: commitShaSchema }),
    source: z.object({ path_with_namespace: repositoryNameSchema }).nullish(),
    target: z.object({ path_with_namespace: repositoryNameSchema }).nullish(),
  }),
});

const GITLAB_ACTIONS: Record<string, PullRequestEvent["action"]> = { open: "open", reopen: "open", update: "update", close: "close", merge: "close" };

export function gitlabMergeRequest(payload: unknown): PullRequestEvent | null {
  const parsed = gitlabSchema.safeParse(payload);
  if (!parsed.success) throw invalidPayload("GitLab merge request", parsed.error);
  const { user, project, object_attributes: mr } = parsed.data;
  const kind = GITLAB_ACTIONS[mr.action ?? ""];
  if (!kind) return null;
  const base = mr.target?.path_with_namespace ?? project.path_with_namespace;
  return {
    action: kind,
    number: mr.iid,
    title: mr.title,
    author: user.username,
    headSha: mr.last_commit.id,
    headRef: mr.source_branch,
    headRepository: mr.source?.path_with_namespace ?? base,
    baseRepository: base,
    authorCanWrite: null,
  };
}

const bitbucketSide = z.object({
  branch: z.object({ name: branchSchema }),
  // Bitbucket sends the hash abbreviated (12 characters): the build then takes the branch's head.
  commit: z.object({ hash: z.string().regex(/^[0-9a-f]{7,64}$/, "must be a commit hash") }),
  repository: z.object({ full_name: repositoryNameSchema }),
});

const bitbucketSchema = z.object({
  pullrequest: z.object({
    id: numberSchema,
    title: titleSchema,
    author: z.object({ nickname: commitAuthorSchema.nullish(), display_name: commitAuthorSchema.nullish() }),
    source: bitbucketSide,
    destination: z.object({ repository: z.object({ full_name: repositoryNameSchema }) }),
  }),
});

const BITBUCKET_EVENTS: Record<string, PullRequestEvent["action"]> = {
  "pullrequest:created": "open",
  "pullrequest:updated": "update",
  "pullrequest:fulfilled": "close",
  "pullrequest:rejected": "close",
};

export function isBitbucketPullRequestEvent(event: string): boolean {
  return event in BITBUCKET_EVENTS;
}

export function bitbucketPullRequest(event: string, payload: unknown): PullRequestEvent | null {
  const kind = BITBUCKET_EVENTS[event];
  if (!kind) return null;
  const parsed = bitbucketSchema.safeParse(payload);
  if (!parsed.success) throw invalidPayload("Bitbucket pull request", parsed.error);
  const { pullrequest: pr } = parsed.data;
  const hash = pr.source.commit.hash;
  return {
    action: kind,
    number: pr.id,
    title: pr.title,
    author: pr.author.nickname ?? pr.author.display_name ?? "someone",
    headSha: COMMIT_SHA.test(hash) ? hash : null,
    headRef: pr.source.branch.name,
    headRepository: pr.source.repository.full_name,
    baseRepository: pr.destination.repository.full_name,
    authorCanWrite: null,
  };
}
