// GitHub and GitHub Enterprise, through @octokit/rest.
import { Octokit } from "@octokit/rest";
import type { Need } from "./http";
import { ProviderError, readHookHealth, upsertComment, type CommitState, type HookSpec, type ProviderClient, type RepositorySummary } from "./types";

const HOOKS: Need = { scope: "admin:repo_hook", rights: "admin rights on the repository" };
const STATUSES: Need = { scope: "repo", rights: "write access to the repository" };

// Commit statuses have no "cancelled"; a deployment that never served goes inactive.
const COMMIT_STATES = { pending: "pending", running: "pending", success: "success", failure: "failure", cancelled: "error" } as const satisfies Record<CommitState, string>;
const DEPLOYMENT_STATES = { pending: "queued", running: "in_progress", success: "success", failure: "failure", cancelled: "inactive" } as const satisfies Record<CommitState, string>;
// GitHub keeps at most 140 characters of a description.
const short = (text: string) => (text.length <= 140 ? text : `${text.slice(0, 139)}…`);

type OctokitRepository = { id: number; full_name: string; default_branch?: string; private: boolean; clone_url?: string };

function summary(repository: OctokitRepository): RepositorySummary {
  return {
    id: String(repository.id),
    fullName: repository.full_name,
    defaultBranch: repository.default_branch ?? null,
    private: repository.private,
    cloneUrl: repository.clone_url ?? "",
  };
}

function split(fullName: string) {
  const [owner, repo] = fullName.split("/");
  if (!owner || !repo) throw new ProviderError("not_found", `'${fullName}' is not an owner/repository name`);
  return { owner, repo };
}

// GitHub's events for Berth's: they share names.
const hookEvents = (events: string[]) => events.filter((event) => ["push", "pull_request", "workflow_run", "workflow_job"].includes(event));

export function translate(error: unknown, need: Need = HOOKS): never {
  const status = (error as { status?: number }).status;
  const message = (error as { message?: string }).message ?? String(error);
  const headers = (error as { response?: { headers?: Record<string, string> } }).response?.headers ?? {};
  if (status === undefined) throw new ProviderError("unavailable", `GitHub did not answer: ${message}`);
  if (status === 401) throw new ProviderError("unauthorized", "GitHub refused the stored token: sign in with GitHub again", 401);
  if (status === 403 || status === 404) {
    const granted = headers["x-oauth-scopes"];
    if (granted !== undefined && !granted.split(/,\s*/).some((scope) => scope === need.scope || scope === "repo")) {
      throw new ProviderError("missing_scope", `GitHub token lacks the '${need.scope}' scope: sign in with GitHub again to grant it`, status);
    }
    if (status === 404) throw new ProviderError("not_found", `GitHub: not found (${message})`, 404);
    throw new ProviderError("failed", `GitHub refused: ${message} (you need ${need.rights})`, 403);
  }
  if (status === 422) throw new ProviderError("conflict", `GitHub: ${message}`, 422);
  throw new ProviderError(status >= 500 ? "unavailable" : "failed", `GitHub answered ${status}: ${message}`, status);
}

// GitHub's answer, its refusals translated; the caller's own failures around it pass as they are.
async function answered<T>(request: () => Promise<T>, need: Need): Promise<T> {
  try {
    return await request();
  } catch (error) {
    translate(error, need);
  }
}

export function githubClient(options: { apiUrl: string; token: string }): ProviderClient {
  const octokit = new Octokit({ auth: options.token, baseUrl: options.apiUrl.replace(/\/+$/, ""), request: { timeout: 10_000, retries: 0 } });
  const hookConfig = (hook: HookSpec) => ({ url: hook.url, secret: hook.secret, content_type: "json" as const, insecure_ssl: "0" as const });
  return {
    async listRepositories({ search, page, perPage }) {
      try {
        if (search) {
          const user = await octokit.rest.users.getAuthenticated();
          const { data } = await octokit.rest.search.repos({ q: `${search} in:name user:${user.data.login} fork:true`, page, per_page: perPage });
          return { repositories: data.items.map((item) => summary(item as OctokitRepository)), hasMore: page * perPage < data.total_count };
        }
        const { data } = await octokit.rest.repos.listForAuthenticatedUser({ sort: "updated", page, per_page: perPage });
        return { repositories: data.map((item) => summary(item as OctokitRepository)), hasMore: data.length === perPage };
      } catch (error) {
        translate(error);
      }
    },
    async getRepository(fullName) {
      try {
        return summary((await octokit.rest.repos.get(split(fullName))).data);
      } catch (error) {
        translate(error);
      }
    },
    async listBranches(fullName) {
      try {
        return (await octokit.rest.repos.listBranches({ ...split(fullName), per_page: 100 })).data.map((branch) => branch.name);
      } catch (error) {
        translate(error);
      }
    },
    async createHook(fullName, hook) {
      try {
        const { data } = await octokit.rest.repos.createWebhook({ ...split(fullName), name: "web", active: true, events: hookEvents(hook.events), config: hookConfig(hook) });
        return { id: String(data.id) };
      } catch (error) {
        translate(error);
      }
    },
    hookHealth: (fullName, hookId) =>
      readHookHealth("GitHub", async () => {
        const data = await octokit.rest.repos.getWebhook({ ...split(fullName), hook_id: Number(hookId) }).then(
          (answer) => answer.data,
          (error: unknown) => translate(error),
        );
        if (!data.active) return { state: "disabled", reason: "The hook is not active at GitHub" };
        const last = data.last_response;
        if (typeof last.code === "number" && (last.code < 200 || last.code >= 300)) {
          return { state: "failing", reason: `GitHub's last delivery got HTTP ${last.code}${last.message ? `: ${last.message.slice(0, 200)}` : ""}` };
        }
        return { state: "ok", reason: null };
      }),
    async updateHook(fullName, hookId, hook) {
      try {
        await octokit.rest.repos.updateWebhook({ ...split(fullName), hook_id: Number(hookId), active: true, events: hookEvents(hook.events), config: hookConfig(hook) });
      } catch (error) {
        translate(error);
      }
    },
    async deleteHook(fullName, hookId) {
      try {
        await octokit.rest.repos.deleteWebhook({ ...split(fullName), hook_id: Number(hookId) });
      } catch (error) {
        if ((error as { status?: number }).status === 404) return;
        translate(error);
      }
    },
    async reportStatus(fullName, status, deployment) {
      const repository = split(fullName);
      const call = <T>(request: () => Promise<T>) => answered(request, STATUSES);
      let deploymentId = deployment.id;
      if (!deploymentId) {
        const { data } = await call(() =>
          octokit.rest.repos.createDeployment({
            ...repository,
            ref: status.sha,
            environment: status.environment,
            auto_merge: false,
            required_contexts: [],
            transient_environment: status.environment !== "production",
            production_environment: status.environment === "production",
            description: short(status.description),
          }),
        );
        if (!("id" in data)) throw new ProviderError("failed", `GitHub did not create the deployment: ${data.message ?? "no id"}`);
        deploymentId = String(data.id);
        await deployment.remember(deploymentId);
      }
      await call(() =>
        octokit.rest.repos.createDeploymentStatus({
          ...repository,
          deployment_id: Number(deploymentId),
          state: DEPLOYMENT_STATES[status.state],
          log_url: status.targetUrl,
          ...(status.environmentUrl ? { environment_url: status.environmentUrl } : {}),
          auto_inactive: true,
          description: short(status.description),
        }),
      );
      await call(() => octokit.rest.repos.createCommitStatus({ ...repository, sha: status.sha, state: COMMIT_STATES[status.state], target_url: status.targetUrl, description: short(status.description), context: status.context }));
    },
    async upsertPullRequestComment(fullName, number, commentId, body) {
      const repository = split(fullName);
      const call = <T>(request: () => Promise<T>) => answered(request, STATUSES);
      return upsertComment(
        commentId,
        async (id) => {
          await call(() => octokit.rest.issues.updateComment({ ...repository, comment_id: Number(id), body }));
        },
        async () => String((await call(() => octokit.rest.issues.createComment({ ...repository, issue_number: number, body }))).data.id),
      );
    },
    async pullRequestOpen(fullName, number) {
      try {
        return (await octokit.rest.pulls.get({ ...split(fullName), pull_number: number })).data.state === "open";
      } catch (error) {
        translate(error, STATUSES);
      }
    },
  };
}
