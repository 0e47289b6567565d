// Bitbucket Cloud (REST API 2.0).
import { createHash } from "node:crypto";
import { providerHttp } from "./http";
import { ProviderError, readHookHealth, upsertComment, type CommitState, type HookSpec, type ProviderClient, type RepositorySummary } from "./types";

interface Repository {
  uuid: string;
  full_name: string;
  is_private: boolean;
  mainbranch?: { name: string } | null;
  links?: { clone?: { name: string; href: string }[] };
}

const summary = (repository: Repository): RepositorySummary => ({
  id: repository.uuid,
  fullName: repository.full_name,
  defaultBranch: repository.mainbranch?.name ?? null,
  private: repository.is_private,
  // Bitbucket puts the user in its https clone URL; Berth's clone URLs carry no credentials.
  cloneUrl: (repository.links?.clone?.find((link) => link.name === "https")?.href ?? "").replace(/\/\/[^@/]+@/, "//"),
});

const EVENTS: Record<string, string[]> = {
  push: ["repo:push"],
  pull_request: ["pullrequest:created", "pullrequest:updated", "pullrequest:fulfilled", "pullrequest:rejected"],
  // Build statuses, Bitbucket's CI events.
  pipeline: ["repo:commit_status_created", "repo:commit_status_updated"],
};

const hookBody = (hook: HookSpec) => ({
  description: "Berth",
  url: hook.url,
  active: true,
  secret: hook.secret,
  events: hook.events.flatMap((event) => EVENTS[event] ?? []),
});

const STATES: Record<CommitState, string> = { pending: "INPROGRESS", running: "INPROGRESS", success: "SUCCESSFUL", failure: "FAILED", cancelled: "STOPPED" };

// Bitbucket's status key: at most 40 characters; a longer context keeps its start and a digest of the whole.
export function statusKey(context: string): string {
  const key = context.replace(/[^\w.-]/g, "-");
  return key.length <= 40 ? key : `${key.slice(0, 31)}-${createHash("sha256").update(key).digest("hex").slice(0, 8)}`;
}

export function bitbucketClient(options: { apiUrl: string; token: string }): ProviderClient {
  const http = providerHttp({ name: "Bitbucket", baseUrl: options.apiUrl, token: options.token, requiredScope: "webhook" });
  return {
    async listRepositories({ search, page, perPage }) {
      const query = new URLSearchParams({ role: "member", sort: "-updated_on", page: String(page), pagelen: String(perPage), ...(search ? { q: `name ~ "${search.replace(/"/g, "")}"` } : {}) });
      const { data } = await http.request<{ values: Repository[]; next?: string }>("GET", `/repositories?${query}`);
      return { repositories: data.values.map(summary), hasMore: Boolean(data.next) };
    },
    async getRepository(fullName) {
      return summary((await http.request<Repository>("GET", `/repositories/${fullName}`)).data);
    },
    async listBranches(fullName) {
      const { data } = await http.request<{ values: { name: string }[] }>("GET", `/repositories/${fullName}/refs/branches?pagelen=100`);
      return data.values.map((branch) => branch.name);
    },
    async createHook(fullName, hook) {
      const { data } = await http.request<{ uuid: string }>("POST", `/repositories/${fullName}/hooks`, hookBody(hook));
      return { id: data.uuid };
    },
    hookHealth: (fullName, hookId) =>
      readHookHealth("Bitbucket", async () => {
        const { data } = await http.request<{ active?: boolean }>("GET", `/repositories/${fullName}/hooks/${encodeURIComponent(hookId)}`);
        return data.active === false ? { state: "disabled", reason: "The hook is not active at Bitbucket" } : { state: "ok", reason: null };
      }),
    async updateHook(fullName, hookId, hook) {
      await http.request("PUT", `/repositories/${fullName}/hooks/${encodeURIComponent(hookId)}`, hookBody(hook));
    },
    async deleteHook(fullName, hookId) {
      try {
        await http.request("DELETE", `/repositories/${fullName}/hooks/${encodeURIComponent(hookId)}`);
      } catch (error) {
        if (error instanceof ProviderError && error.kind === "not_found") return;
        throw error;
      }
    },
    async reportStatus(fullName, status) {
      const body = { key: statusKey(status.context), state: STATES[status.state], name: status.context, url: status.targetUrl, description: status.description };
      await http.request("POST", `/repositories/${fullName}/commit/${status.sha}/statuses/build`, body, { scope: "repository", rights: "read access to the repository" });
    },
    async upsertPullRequestComment(fullName, number, commentId, body) {
      const comments = `/repositories/${fullName}/pullrequests/${number}/comments`;
      const need = { scope: "pullrequest", rights: "access to the repository's pull requests" };
      return upsertComment(
        commentId,
        async (id) => {
          await http.request("PUT", `${comments}/${id}`, { content: { raw: body } }, need);
        },
        async () => String((await http.request<{ id: number }>("POST", comments, { content: { raw: body } }, need)).data.id),
      );
    },
    async pullRequestOpen(fullName, number) {
      return (await http.request<{ state: string }>("GET", `/repositories/${fullName}/pullrequests/${number}`)).data.state === "OPEN";
    },
  };
}
