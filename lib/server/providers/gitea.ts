// Gitea and Forgejo (REST API v1).
import { providerHttp } from "./http";
import { ProviderError, readHookHealth, upsertComment, type CommitState, type HookSpec, type ProviderClient, type RepositorySummary } from "./types";

interface Repository {
  id: number;
  full_name: string;
  default_branch: string | null;
  private: boolean;
  clone_url: string;
}

const summary = (repository: Repository): RepositorySummary => ({
  id: String(repository.id),
  fullName: repository.full_name,
  defaultBranch: repository.default_branch,
  private: repository.private,
  cloneUrl: repository.clone_url,
});

const GITEA_EVENTS = new Set(["push", "pull_request", "workflow_run", "workflow_job"]);

const hookBody = (hook: HookSpec) => ({
  type: "gitea",
  active: true,
  // Gitea's own event names for these (workflow_run and workflow_job since Gitea 1.24).
  events: hook.events.filter((event) => GITEA_EVENTS.has(event)),
  config: { url: hook.url, content_type: "json", secret: hook.secret },
});

// Gitea has no cancelled status; a warning is the one that is neither red nor green.
const STATES: Record<CommitState, string> = { pending: "pending", running: "pending", success: "success", failure: "failure", cancelled: "warning" };

export function giteaClient(options: { apiUrl: string; token: string }): ProviderClient {
  const http = providerHttp({ name: "Gitea", baseUrl: options.apiUrl, token: options.token, requiredScope: "write:repository" });
  return {
    async listRepositories({ search, page, perPage }) {
      const query = new URLSearchParams({ page: String(page), limit: String(perPage) });
      if (search) {
        query.set("q", search);
        const { data } = await http.request<{ data: Repository[] }>("GET", `/repos/search?${query}`);
        return { repositories: data.data.map(summary), hasMore: data.data.length === perPage };
      }
      const { data } = await http.request<Repository[]>("GET", `/user/repos?${query}`);
      return { repositories: data.map(summary), hasMore: data.length === perPage };
    },
    async getRepository(fullName) {
      return summary((await http.request<Repository>("GET", `/repos/${fullName}`)).data);
    },
    async listBranches(fullName) {
      return (await http.request<{ name: string }[]>("GET", `/repos/${fullName}/branches?limit=50`)).data.map((branch) => branch.name);
    },
    async createHook(fullName, hook) {
      const { data } = await http.request<{ id: number }>("POST", `/repos/${fullName}/hooks`, hookBody(hook));
      return { id: String(data.id) };
    },
    hookHealth: (fullName, hookId) =>
      readHookHealth("Gitea", async () => {
        const { data } = await http.request<{ active?: boolean }>("GET", `/repos/${fullName}/hooks/${hookId}`);
        return data.active === false ? { state: "disabled", reason: "The hook is not active at Gitea" } : { state: "ok", reason: null };
      }),
    async updateHook(fullName, hookId, hook) {
      await http.request("PATCH", `/repos/${fullName}/hooks/${hookId}`, hookBody(hook));
    },
    async deleteHook(fullName, hookId) {
      try {
        await http.request("DELETE", `/repos/${fullName}/hooks/${hookId}`);
      } catch (error) {
        if (error instanceof ProviderError && error.kind === "not_found") return;
        throw error;
      }
    },
    async reportStatus(fullName, status) {
      const body = { state: STATES[status.state], context: status.context, target_url: status.targetUrl, description: status.description };
      await http.request("POST", `/repos/${fullName}/statuses/${status.sha}`, body, { scope: "write:repository", rights: "write access to the repository" });
    },
    async upsertPullRequestComment(fullName, number, commentId, body) {
      const need = { scope: "write:issue", rights: "access to the repository's pull requests" };
      return upsertComment(
        commentId,
        async (id) => {
          await http.request("PATCH", `/repos/${fullName}/issues/comments/${id}`, { body }, need);
        },
        async () => String((await http.request<{ id: number }>("POST", `/repos/${fullName}/issues/${number}/comments`, { body }, need)).data.id),
      );
    },
    async pullRequestOpen(fullName, number) {
      return (await http.request<{ state: string }>("GET", `/repos/${fullName}/pulls/${number}`)).data.state === "open";
    },
  };
}
