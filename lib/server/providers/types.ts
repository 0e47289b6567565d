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

export interface ProviderClient {
  listRepositories(options: { search?: string; page: number; perPage: number }): Promise<{ repositories: RepositorySummary[]; hasMore: boolean }>;
  getRepository(fullName: string): Promise<RepositorySummary>;
  // Branch names, up to the provider's largest page (100; Gitea 50).
  listBranches(fullName: string): Promise<string[]>;
  createHook(fullName: string, hook: HookSpec): Promise<{ id: string }>;
  updateHook(fullName: string, hookId: string, hook: HookSpec): Promise<void>;
  // A hook already gone at the provider counts as deleted.
  deleteHook(fullName: string, hookId: string): Promise<void>;
  // The commit's status for a deployment (and, on GitHub, the deployment's status); a repeated state is accepted.
  reportStatus(fullName: string, status: CommitStatus, deployment: ProviderDeploymentMemo): Promise<void>;
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
