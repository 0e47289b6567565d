// GitLab.com and self-managed GitLab (REST API v4).
import { providerHttp } from "./http";
import { ProviderError, readHookHealth, upsertComment, type CommitState, type HookSpec, type ProviderClient, type RepositorySummary } from "./types";

interface Project {
  id: number;
  path_with_namespace: string;
  default_branch: string | null;
  visibility: string;
  http_url_to_repo: string;
}

const summary = (project: Project): RepositorySummary => ({
  id: String(project.id),
  fullName: project.path_with_namespace,
  defaultBranch: project.default_branch,
  private: project.visibility !== "public",
  cloneUrl: project.http_url_to_repo,
});

const project = (fullName: string) => `/projects/${encodeURIComponent(fullName)}`;

function hookBody(hook: HookSpec) {
  return {
    url: hook.url,
    token: hook.secret,
    push_events: hook.events.includes("push"),
    tag_push_events: hook.events.includes("push"),
    merge_requests_events: hook.events.includes("pull_request"),
    pipeline_events: hook.events.includes("pipeline") || hook.events.includes("workflow_run"),
    // Job hooks name each failed job's log.
    job_events: hook.events.includes("pipeline") || hook.events.includes("workflow_run"),
    enable_ssl_verification: true,
  };
}

const STATES: Record<CommitState, string> = { pending: "pending", running: "running", success: "success", failure: "failed", cancelled: "canceled" };

export function gitlabClient(options: { apiUrl: string; token: string }): ProviderClient {
  const http = providerHttp({ name: "GitLab", baseUrl: options.apiUrl, token: options.token, requiredScope: "api" });
  return {
    async listRepositories({ search, page, perPage }) {
      const query = new URLSearchParams({ membership: "true", order_by: "last_activity_at", page: String(page), per_page: String(perPage), ...(search ? { search } : {}) });
      const { data, headers } = await http.request<Project[]>("GET", `/projects?${query}`);
      return { repositories: data.map(summary), hasMore: Boolean(headers.get("x-next-page")) };
    },
    async getRepository(fullName) {
      return summary((await http.request<Project>("GET", project(fullName))).data);
    },
    async listBranches(fullName) {
      return (await http.request<{ name: string }[]>("GET", `${project(fullName)}/repository/branches?per_page=100`)).data.map((branch) => branch.name);
    },
    async createHook(fullName, hook) {
      const { data } = await http.request<{ id: number }>("POST", `${project(fullName)}/hooks`, hookBody(hook));
      return { id: String(data.id) };
    },
    // alert_status: executable, or disabled / temporarily_disabled after failures (disabled_until says until when).
    hookHealth: (fullName, hookId) =>
      readHookHealth("GitLab", async () => {
        const { data } = await http.request<{ alert_status?: string; disabled_until?: string | null }>("GET", `${project(fullName)}/hooks/${hookId}`);
        if (data.alert_status === "disabled") return { state: "disabled", reason: "GitLab disabled the hook after its deliveries kept failing" };
        if (data.alert_status === "temporarily_disabled") {
          return { state: "disabled", reason: `GitLab paused the hook after failed deliveries${data.disabled_until ? ` until ${data.disabled_until}` : ""}` };
        }
        return { state: "ok", reason: null };
      }),
    async updateHook(fullName, hookId, hook) {
      await http.request("PUT", `${project(fullName)}/hooks/${hookId}`, hookBody(hook));
    },
    async deleteHook(fullName, hookId) {
      try {
        await http.request("DELETE", `${project(fullName)}/hooks/${hookId}`);
      } catch (error) {
        if (error instanceof ProviderError && error.kind === "not_found") return;
        throw error;
      }
    },
    async reportStatus(fullName, status) {
      const body = { state: STATES[status.state], name: status.context, target_url: status.targetUrl, description: status.description };
      try {
        await http.request("POST", `${project(fullName)}/statuses/${status.sha}`, body, { scope: "api", rights: "Developer access to the project" });
      } catch (error) {
        // GitLab refuses a status the commit already has ("Cannot transition status via :run from :running").
        if (error instanceof ProviderError && error.status === 400 && /cannot transition status/i.test(error.message)) return;
        throw error;
      }
    },
    async upsertPullRequestComment(fullName, number, commentId, body) {
      const notes = `${project(fullName)}/merge_requests/${number}/notes`;
      const need = { scope: "api", rights: "access to the project's merge requests" };
      return upsertComment(
        commentId,
        async (id) => {
          await http.request("PUT", `${notes}/${id}`, { body }, need);
        },
        async () => String((await http.request<{ id: number }>("POST", notes, { body }, need)).data.id),
      );
    },
    async pullRequestOpen(fullName, number) {
      return (await http.request<{ state: string }>("GET", `${project(fullName)}/merge_requests/${number}`)).data.state === "opened";
    },
  };
}
