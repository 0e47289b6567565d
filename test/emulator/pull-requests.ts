// Pull requests (GitLab merge requests) as the emulated providers keep them: opened, moved and closed by a
// test, each change sent to the repository's hooks as that provider's recorded delivery (test/fixtures,
// @octokit/webhooks-examples) with the fields of this pull request; their state API (GET …/pulls/{n} and
// the like) and their comments (made and edited through each provider's REST endpoints, kept for tests to
// read). Bitbucket sends the head commit abbreviated, as it does. Test code only.
import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { join } from "node:path";
import type WebhookDefinitions from "@octokit/webhooks-examples";
import type { EmulatedProvider } from "./provider-emulator";

// Loaded by require: Playwright's loader (the e2e emulator) takes no JSON imports without attributes.
const examples = createRequire(import.meta.url)("@octokit/webhooks-examples") as typeof WebhookDefinitions;

export type EmulatedPullRequest = {
  provider: EmulatedProvider;
  fullName: string;
  number: number;
  title: string;
  author: string;
  headRef: string;
  headSha: string;
  // A fork's full name, or the repository itself.
  headRepository: string;
  // GitHub's author_association (OWNER, MEMBER, COLLABORATOR, CONTRIBUTOR, NONE, …).
  authorAssociation: string;
  state: "open" | "closed" | "merged";
  comments: { id: number; body: string; edits: number }[];
};

export type PullRequestChange = "opened" | "synchronize" | "closed";

type Answer = { status: number; body: unknown };

// Each provider's hook event for pull requests, and its name for the change.
const HOOK_EVENTS: Record<EmulatedProvider, (change: PullRequestChange) => string> = {
  github: () => "pull_request",
  gitea: () => "pull_request",
  gitlab: () => "Merge Request Hook",
  bitbucket: (change) => ({ opened: "pullrequest:created", synchronize: "pullrequest:updated", closed: "pullrequest:fulfilled" })[change],
};

const recorded = (path: string) => JSON.parse(readFileSync(join(process.cwd(), "test", "fixtures", "webhooks", path), "utf8")) as Record<string, unknown>;

function githubRecorded(): Record<string, unknown> {
  const found = (examples.find((entry) => entry.name === "pull_request")?.examples as Record<string, unknown>[]).find((payload) => payload.action === "opened");
  if (!found) throw new Error("no recorded GitHub pull_request delivery");
  return structuredClone(found);
}

// The delivery the provider sends for this change of this pull request.
export function pullRequestPayload(pr: EmulatedPullRequest, change: PullRequestChange): { event: string; payload: Record<string, unknown> } {
  const event = HOOK_EVENTS[pr.provider](change);
  const base = pr.fullName;
  if (pr.provider === "github" || pr.provider === "gitea") {
    const payload = pr.provider === "github" ? githubRecorded() : recorded("gitea/pull-request-event.json");
    const original = payload.pull_request as Record<string, Record<string, unknown>>;
    const action = change === "synchronize" && pr.provider === "gitea" ? "synchronized" : change;
    Object.assign(payload, { action, number: pr.number, repository: { ...(payload.repository as object), full_name: base } });
    payload.pull_request = {
      ...original,
      number: pr.number,
      title: pr.title,
      state: pr.state === "open" ? "open" : "closed",
      merged: pr.state === "merged",
      author_association: pr.authorAssociation,
      user: { ...original.user, login: pr.author },
      head: { ...original.head, sha: pr.headSha, ref: pr.headRef, repo: { ...(original.head?.repo as object), full_name: pr.headRepository } },
      base: { ...original.base, repo: { ...(original.base?.repo as object), full_name: base } },
    };
    return { event, payload };
  }
  if (pr.provider === "gitlab") {
    const payload = recorded("gitlab/merge-request-event.json");
    const attributes = payload.object_attributes as Record<string, Record<string, unknown>>;
    const action = { opened: "open", synchronize: "update", closed: pr.state === "merged" ? "merge" : "close" }[change];
    Object.assign(payload, { user: { ...(payload.user as object), username: pr.author }, project: { ...(payload.project as object), path_with_namespace: base } });
    payload.object_attributes = {
      ...attributes,
      iid: pr.number,
      title: pr.title,
      action,
      state: pr.state === "open" ? "opened" : pr.state,
      source_branch: pr.headRef,
      last_commit: { ...attributes.last_commit, id: pr.headSha },
      source: { ...attributes.source, path_with_namespace: pr.headRepository },
      target: { ...attributes.target, path_with_namespace: base },
    };
    return { event, payload };
  }
  const payload = recorded(change === "closed" ? "bitbucket/pull-request-merged.json" : "bitbucket/pull-request-created.json");
  const original = payload.pullrequest as Record<string, Record<string, unknown>>;
  Object.assign(payload, { repository: { ...(payload.repository as object), full_name: base } });
  payload.pullrequest = {
    ...original,
    id: pr.number,
    title: pr.title,
    state: pr.state === "open" ? "OPEN" : pr.state === "merged" ? "MERGED" : "DECLINED",
    author: { ...original.author, nickname: pr.author },
    source: { ...original.source, branch: { name: pr.headRef }, commit: { hash: pr.headSha.slice(0, 12) }, repository: { ...(original.source?.repository as object), full_name: pr.headRepository } },
    destination: { ...original.destination, repository: { ...(original.destination?.repository as object), full_name: base } },
  };
  return { event, payload };
}

const ROUTES: Record<EmulatedProvider, { pull: RegExp; comments: RegExp; comment: RegExp }> = {
  github: { pull: /^\/repos\/([^/]+\/[^/]+)\/pulls\/(\d+)$/, comments: /^\/repos\/([^/]+\/[^/]+)\/issues\/(\d+)\/comments$/, comment: /^\/repos\/([^/]+\/[^/]+)\/issues\/comments\/(\d+)$/ },
  gitea: { pull: /^\/repos\/([^/]+\/[^/]+)\/pulls\/(\d+)$/, comments: /^\/repos\/([^/]+\/[^/]+)\/issues\/(\d+)\/comments$/, comment: /^\/repos\/([^/]+\/[^/]+)\/issues\/comments\/(\d+)$/ },
  gitlab: { pull: /^\/projects\/([^/]+)\/merge_requests\/(\d+)$/, comments: /^\/projects\/([^/]+)\/merge_requests\/(\d+)\/notes$/, comment: /^\/projects\/([^/]+)\/merge_requests\/(\d+)\/notes\/(\d+)$/ },
  bitbucket: { pull: /^\/repositories\/([^/]+\/[^/]+)\/pullrequests\/(\d+)$/, comments: /^\/repositories\/([^/]+\/[^/]+)\/pullrequests\/(\d+)\/comments$/, comment: /^\/repositories\/([^/]+\/[^/]+)\/pullrequests\/(\d+)\/comments\/(\d+)$/ },
};

export function pullRequestsEmulator() {
  const pulls = new Map<string, EmulatedPullRequest>();
  let nextComment = 500_000;
  const key = (provider: EmulatedProvider, fullName: string, number: number) => `${provider}:${fullName.toLowerCase()}#${number}`;
  const notFound = (provider: EmulatedProvider): Answer => ({ status: 404, body: provider === "bitbucket" ? { type: "error", error: { message: "Resource not found" } } : { message: "Not Found" } });

  function stateJson(pr: EmulatedPullRequest): unknown {
    if (pr.provider === "gitlab") return { iid: pr.number, state: pr.state === "open" ? "opened" : pr.state };
    if (pr.provider === "bitbucket") return { id: pr.number, state: pr.state === "open" ? "OPEN" : pr.state === "merged" ? "MERGED" : "DECLINED" };
    return { number: pr.number, state: pr.state === "open" ? "open" : "closed", merged: pr.state === "merged" };
  }

  const commentText = (provider: EmulatedProvider, body: Record<string, unknown> | undefined) =>
    provider === "bitbucket" ? ((body?.content as { raw?: unknown } | undefined)?.raw as string | undefined) : (body?.body as string | undefined);
  const commentJson = (provider: EmulatedProvider, comment: { id: number; body: string }) =>
    provider === "bitbucket" ? { id: comment.id, content: { raw: comment.body } } : { id: comment.id, body: comment.body };

  // The answer to a pull-request call, or null when the path is not one.
  function api(provider: EmulatedProvider, method: string, path: string, body: Record<string, unknown> | undefined): Answer | null {
    const routes = ROUTES[provider];
    const pull = routes.pull.exec(path);
    if (pull && method === "GET") {
      const pr = pulls.get(key(provider, decodeURIComponent(pull[1] ?? ""), Number(pull[2])));
      return pr ? { status: 200, body: stateJson(pr) } : notFound(provider);
    }
    const comments = routes.comments.exec(path);
    if (comments && method === "POST") {
      const pr = pulls.get(key(provider, decodeURIComponent(comments[1] ?? ""), Number(comments[2])));
      const text = commentText(provider, body);
      if (!pr) return notFound(provider);
      if (!text) return { status: 400, body: { message: "body is required" } };
      const comment = { id: nextComment++, body: text, edits: 0 };
      pr.comments.push(comment);
      return { status: 201, body: commentJson(provider, comment) };
    }
    const one = routes.comment.exec(path);
    if (one && ["PATCH", "PUT"].includes(method)) {
      const id = Number(one[3] ?? one[2]);
      const fullName = decodeURIComponent(one[1] ?? "");
      const comment = [...pulls.values()].filter((pr) => pr.provider === provider && pr.fullName.toLowerCase() === fullName.toLowerCase()).flatMap((pr) => pr.comments).find((candidate) => candidate.id === id);
      const text = commentText(provider, body);
      if (!comment) return notFound(provider);
      if (!text) return { status: 400, body: { message: "body is required" } };
      Object.assign(comment, { body: text, edits: comment.edits + 1 });
      return { status: 200, body: commentJson(provider, comment) };
    }
    return null;
  }

  return {
    api,
    hookEvent: (provider: EmulatedProvider, change: PullRequestChange) => HOOK_EVENTS[provider](change),
    open(pr: Omit<EmulatedPullRequest, "state" | "comments">): EmulatedPullRequest {
      const opened: EmulatedPullRequest = { ...pr, state: "open", comments: [] };
      pulls.set(key(pr.provider, pr.fullName, pr.number), opened);
      return opened;
    },
    get: (provider: EmulatedProvider, fullName: string, number: number) => pulls.get(key(provider, fullName, number)),
  };
}
