// What Berth asks of a Git provider's API, whichever provider it is.

export interface RepositorySummary {
  id: string;
  fullName: string;
  defaultBranch: string | null;
  private: boolean;
  cloneUrl: string;
}

export interface HookSpec {
  url: string;
  secret: string;
  // Berth's event names: push, pull_request, workflow_run, pipeline.
  events: string[];
}

// Berth's side of a deployment, as a commit status: each provider client maps it to its own states.
export type CommitState = "pending" | "running" | "success" | "failure" | "cancelled";

export interface CommitStatus {
  sha: string;
  state: CommitState;
  // One status per service on a commit: berth/<service> (a Bitbucket key is derived from it).
  context: string;
  description: string;
  // The deployment's page in Berth.
  targetUrl: string;
  // Where the deployment serves, once live.
  environmentUrl: string | null;
  environment: string;
}

// The provider's own deployment record (GitHub's Deployments API), created at the first report and kept.
export interface ProviderDeploymentMemo {
  id: string | null;
  remember(id: string): Promise<void>;
}

// A hook as its provider sees it: delivering, turned off (GitLab disables a hook that keeps failing; anyone may
// untick "active"), failing (GitHub's last delivery got an error), or gone.
export type HookHealth = { state: "ok" | "disabled" | "failing" | "missing"; reason: string | null };

// Reads a hook's health; a hook the provider no longer has is "missing", not an error.
export async function readHookHealth(provider: string, read: () => Promise<HookHealth>): Promise<HookHealth> {
  try {
    return await read();
  } catch (error) {
    if (error instanceof ProviderError && error.kind === "not_found") return { state: "missing", reason: `The hook no longer exists at ${provider}` };
    throw error;
  }
}

export interface ProviderClient {
  listRepositories(options: { search?: string; page: number; perPage: number }): Promise<{ repositories: RepositorySummary[]; hasMore: boolean }>;
  getRepository(fullName: string): Promise<RepositorySummary>;
  // Branch names, up to the provider's largest page (100; Gitea 50).
  listBranches(fullName: string): Promise<string[]>;
  createHook(fullName: string, hook: HookSpec): Promise<{ id: string }>;
  updateHook(fullName: string, hookId: string, hook: HookSpec): Promise<void>;
  // A hook already gone at the provider counts as deleted.
  deleteHook(fullName: string, hookId: string): Promise<void>;
  hookHealth(fullName: string, hookId: string): Promise<HookHealth>;
  // The commit's status for a deployment (and, on GitHub, the deployment's status); a repeated state is accepted.
  reportStatus(fullName: string, status: CommitStatus, deployment: ProviderDeploymentMemo): Promise<void>;
  // Berth's one comment on a pull request: edited when it exists, made again if someone deleted it.
  upsertPullRequestComment(fullName: string, number: number, commentId: string | null, body: string): Promise<{ id: string }>;
  // Whether the pull request (merge request) is still open.
  pullRequestOpen(fullName: string, number: number): Promise<boolean>;
}

// Edits the comment, or makes a new one when there is none (or it was deleted at the provider).
export async function upsertComment(commentId: string | null, edit: (id: string) => Promise<void>, create: () => Promise<string>): Promise<{ id: string }> {
  if (commentId) {
    try {
      await edit(commentId);
      return { id: commentId };
    } catch (error) {
      if (!(error instanceof ProviderError && error.kind === "not_found")) throw error;
    }
  }
  return { id: await create() };
}

export type ProviderErrorKind = "unauthorized" | "missing_scope" | "not_found" | "conflict" | "unavailable" | "failed";

export class ProviderError extends Error {
  override name = "ProviderError";
  constructor(
    readonly kind: ProviderErrorKind,
    message: string,
    readonly status?: number,
  ) {
    super(message);
  }
}
