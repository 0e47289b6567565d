// A stand-in for GitHub, GitLab, Bitbucket Cloud and Gitea (under /gitea), which cannot be reached from here: their OAuth
// endpoints, the REST endpoints Berth calls (real response shapes and error codes: repositories, hooks, branches,
// verified emails, organization memberships), and bare Git
// repositories over smart HTTP whose pushes are delivered to registered hooks in each provider's real
// format, headers and signature. Test code only.
import { createHmac, randomBytes, randomUUID } from "node:crypto";
import { mkdtemp, rm } from "node:fs/promises";
import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { commitInfo, initBareRepository, listBranches, serveGit, type RefChange } from "./git-http";
import { commitStatusesEmulator } from "./commit-statuses";
import { githubActionsEmulator } from "./github-actions";
import { pullRequestPayload, pullRequestsEmulator, type EmulatedPullRequest, type PullRequestChange } from "./pull-requests";

// A string field of a JSON body as sent, or the fallback when it is missing or not a string.
const text = (value: unknown, fallback: string): string => (typeof value === "string" ? value : fallback);

export type EmulatedProvider = "github" | "gitlab" | "bitbucket" | "gitea";

// What a test asks the emulator to report about a CI run (POST /_control/ci-run).
export interface EmulatedCiRun {
  run_id: number;
  workflow: string;
  branch: string;
  sha: string;
  author: string;
  status: "queued" | "in_progress" | "completed";
  conclusion: string | null;
  failed_jobs: string[];
  started_at: string;
  updated_at: string;
}

function ciRunSchema(value: Record<string, unknown>): EmulatedCiRun {
  const now = new Date().toISOString();
  return {
    run_id: Number(value.run_id ?? Date.now()),
    workflow: text(value.workflow, "CI"),
    branch: text(value.branch, "main"),
    sha: text(value.sha, "0".repeat(39) + "1"),
    author: text(value.author, "Jane Doe"),
    status: (["queued", "in_progress", "completed"].includes(value.status as string) ? value.status : "completed") as EmulatedCiRun["status"],
    conclusion: typeof value.conclusion === "string" ? value.conclusion : null,
    failed_jobs: Array.isArray(value.failed_jobs) ? value.failed_jobs.filter((job): job is string => typeof job === "string") : [],
    started_at: text(value.started_at, now),
    updated_at: text(value.updated_at, now),
  };
}

export interface Hook {
  id: string;
  url: string;
  secret: string;
  events: string[];
  // Set by POST /_control/hook-state, as the provider does after failures: such a hook gets no deliveries
  // until it is updated (GitLab re-enables a hook on edit; GitHub, Gitea and Bitbucket on active: true).
  disabled?: { state: "disabled" | "temporarily_disabled"; until: string | null };
  // The status its last delivery got (GitHub's last_response).
  lastStatus?: number;
}

interface Repository {
  provider: EmulatedProvider;
  id: number;
  fullName: string;
  defaultBranch: string;
  hooks: Hook[];
  // Private repositories answer git only with a token of that provider as the HTTP Basic password.
  isPrivate: boolean;
}

interface Grant {
  provider: EmulatedProvider;
  user: string;
  scopes: string[];
}

export interface DeliveryRecord {
  provider: EmulatedProvider;
  url: string;
  status: number;
  body: string;
}

// Who consents at the next authorization, unless a test names someone else.
const DEFAULT_LOGIN: Record<EmulatedProvider, string> = { github: "octo", gitlab: "tanuki", bitbucket: "bb", gitea: "tea" };

function identity(provider: EmulatedProvider, login: string) {
  const id = 10_000 + [...login].reduce((sum, char) => (sum * 31 + char.charCodeAt(0)) % 1_000_000, 0);
  return { id, login, name: login, email: `${login}@${provider}.test` };
}

type Branch = { name: string; sha: string };

// Each provider's branch listing: where it lives and the shape it answers in.
const BRANCH_ROUTES: Record<EmulatedProvider, { pattern: RegExp; shape: (branches: Branch[], defaultBranch: string) => unknown }> = {
  github: { pattern: /^\/api\/v3\/repos\/([^/]+\/[^/]+)\/branches$/, shape: (list) => list.map((b) => ({ name: b.name, commit: { sha: b.sha }, protected: false })) },
  gitlab: {
    pattern: /^\/api\/v4\/projects\/([^/]+)\/repository\/branches$/,
    shape: (list, defaultBranch) => list.map((b) => ({ name: b.name, default: b.name === defaultBranch, protected: false, commit: { id: b.sha } })),
  },
  bitbucket: { pattern: /^\/2\.0\/repositories\/([^/]+\/[^/]+)\/refs\/branches$/, shape: (list) => ({ values: list.map((b) => ({ type: "branch", name: b.name, target: { hash: b.sha } })) }) },
  gitea: { pattern: /^\/gitea\/api\/v1\/repos\/([^/]+\/[^/]+)\/branches$/, shape: (list) => list.map((b) => ({ name: b.name, commit: { id: b.sha }, protected: false })) },
};

const FULL_SCOPES: Record<EmulatedProvider, string[]> = {
  github: ["read:user", "user:email", "repo", "admin:repo_hook"],
  gitlab: ["read_user", "api"],
  bitbucket: ["account", "email", "repository", "webhook", "pullrequest"],
  gitea: ["read:user", "write:repository", "write:issue"],
};

export async function startProviderEmulator() {
  const gitRoot = await mkdtemp(join(tmpdir(), "berth-emulator-git-"));
  const repositories = new Map<string, Repository>();
  const codes = new Map<string, Grant>();
  const tokens = new Map<string, Grant>();
  const refreshTokens = new Map<string, Grant>();
  const deliveries: DeliveryRecord[] = [];
  // Per provider: scopes a test makes the user grant (otherwise what the app asked for), and whether the API is down.
  const grantScopes: Partial<Record<EmulatedProvider, string[]>> = {};
  // Organization (GitHub, Gitea), group (GitLab) or workspace (Bitbucket) members, by provider and name.
  const orgMembers = new Map<string, Set<string>>();
  const orgKey = (provider: EmulatedProvider, org: string) => `${provider}:${org.toLowerCase()}`;
  const isOrgMember = (provider: EmulatedProvider, org: string, login: string) => orgMembers.get(orgKey(provider, org))?.has(login) ?? false;
  const down = new Set<EmulatedProvider>();
  const nextLogin: Partial<Record<EmulatedProvider, string>> = {};
  let nextId = 1000;

  const key = (provider: EmulatedProvider, fullName: string) => `${provider}:${fullName.toLowerCase()}`;
  const actions = githubActionsEmulator((fullName, event, payload) => deliverGithubEvent(fullName, event, payload));
  const statuses = commitStatusesEmulator((provider, fullName) => repositories.has(key(provider, fullName)));
  const pullRequests = pullRequestsEmulator();

  const server = createServer((request, response) => {
    handle(request, response).catch((error: unknown) => {
      if (!response.headersSent) json(response, 500, { message: String(error) });
      else response.end();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;

  async function handle(request: IncomingMessage, response: ServerResponse) {
    const target = new URL(request.url ?? "/", url);
    const path = target.pathname;
    const method = request.method ?? "GET";

    const git = /^\/git\/(github|gitlab|bitbucket|gitea)\/(.+\.git\/.*)$/.exec(path);
    if (git) {
      const provider = git[1] as EmulatedProvider;
      const repo = repositories.get(key(provider, (git[2] ?? "").split(".git/")[0] ?? ""));
      if (repo?.isPrivate && !gitTokenValid(provider, request.headers.authorization)) {
        response.writeHead(401, { "WWW-Authenticate": 'Basic realm="emulator git"' }).end("Authentication required");
        return;
      }
      const changes = await serveGit(join(gitRoot, provider), git[2] ?? "", request, response);
      if (changes.length > 0) await deliverPush(provider, (git[2] ?? "").split(".git/")[0] ?? "", changes, join(gitRoot, provider, `${(git[2] ?? "").split(".git/")[0]}.git`));
      if (!response.writableEnded) response.end();
      return;
    }

    // Control endpoints, for tests in another process than the emulator (Playwright's workers).
    if (path.startsWith("/_control/")) return control(method, path, target, request, response);
    if (path.startsWith("/_runner/")) return actions.runnerRequest(request, response);

    // OAuth: authorization is granted at once (the emulator's user always consents).
    const authorize = { "/login/oauth/authorize": "github", "/oauth/authorize": "gitlab", "/site/oauth2/authorize": "bitbucket", "/gitea/login/oauth/authorize": "gitea" }[path] as
      | EmulatedProvider
      | undefined;
    if (authorize) {
      const code = randomBytes(12).toString("hex");
      const requested = target.searchParams.get("scope")?.split(/[\s,]+/).filter(Boolean);
      codes.set(code, { provider: authorize, user: nextLogin[authorize] ?? DEFAULT_LOGIN[authorize], scopes: grantScopes[authorize] ?? requested ?? FULL_SCOPES[authorize] });
      delete nextLogin[authorize];
      const back = new URL(target.searchParams.get("redirect_uri") ?? "");
      back.searchParams.set("code", code);
      const state = target.searchParams.get("state");
      if (state) back.searchParams.set("state", state);
      response.writeHead(302, { Location: back.toString() }).end();
      return;
    }
    const tokenPath = { "/login/oauth/access_token": "github", "/oauth/token": "gitlab", "/site/oauth2/access_token": "bitbucket", "/gitea/login/oauth/access_token": "gitea" }[path] as
      | EmulatedProvider
      | undefined;
    if (tokenPath && method === "POST") {
      const form = new URLSearchParams(await readBody(request));
      const refreshing = form.get("grant_type") === "refresh_token";
      const grant = refreshing ? refreshTokens.get(form.get("refresh_token") ?? "") : codes.get(form.get("code") ?? "");
      if (!grant) return json(response, 400, { error: refreshing ? "invalid_grant" : "bad_verification_code", error_description: "The code passed is incorrect or expired." });
      if (refreshing) refreshTokens.delete(form.get("refresh_token") ?? "");
      else codes.delete(form.get("code") ?? "");
      const token = `${tokenPath}-token-${randomBytes(16).toString("hex")}`;
      tokens.set(token, grant);
      // GitLab and Bitbucket issue expiring tokens with a refresh token; GitHub OAuth apps do not.
      const expiring = tokenPath === "github" ? {} : { expires_in: 7200, refresh_token: issueRefreshToken(grant) };
      return json(response, 200, { access_token: token, token_type: "bearer", scope: grant.scopes.join(tokenPath === "github" ? "," : " "), ...expiring });
    }

    const provider: EmulatedProvider | undefined = path.startsWith("/api/v3/")
      ? "github"
      : path.startsWith("/api/v4/")
        ? "gitlab"
        : path.startsWith("/2.0/")
          ? "bitbucket"
          : path.startsWith("/gitea/api/v1/")
            ? "gitea"
            : undefined;
    if (!provider) return json(response, 404, { message: "Not Found" });
    if (down.has(provider)) return json(response, 503, { message: "Service Unavailable" });
    const grant = tokens.get((request.headers.authorization ?? "").replace(/^(token|Bearer)\s+/i, ""));
    if (!grant || grant.provider !== provider) return json(response, 401, { message: "Bad credentials" });
    const branchRoute = BRANCH_ROUTES[provider].pattern.exec(path);
    if (method === "GET" && branchRoute) {
      const repo = repositories.get(key(provider, decodeURIComponent(branchRoute[1] ?? "")));
      if (!repo) return json(response, 404, { message: "Not Found" });
      return json(response, 200, BRANCH_ROUTES[provider].shape(await listBranches(join(gitRoot, provider, `${repo.fullName}.git`)), repo.defaultBranch));
    }
    const body = method === "GET" || method === "DELETE" ? undefined : (JSON.parse((await readBody(request)) || "{}") as Record<string, unknown>);
    const apiPath = path.slice({ github: "/api/v3", gitlab: "/api/v4", bitbucket: "/2.0", gitea: "/gitea/api/v1" }[provider].length);
    const statusAnswer = statuses.api(provider, method, apiPath, body) ?? pullRequests.api(provider, method, apiPath, body);
    if (statusAnswer) {
      if (provider === "github") response.setHeader("X-OAuth-Scopes", grant.scopes.join(", "));
      return json(response, statusAnswer.status, statusAnswer.body);
    }
    if (provider === "github") return github(grant, method, path.slice("/api/v3".length), target.search, body, response);
    if (provider === "gitlab") return gitlab(grant, method, path.slice("/api/v4".length), target, body, response);
    if (provider === "gitea") return giteaApi(grant, method, path.slice("/gitea/api/v1".length), target, body, response);
    return bitbucket(grant, method, path.slice("/2.0".length), target, body, response);
  }

  function github(grant: Grant, method: string, path: string, query: string, body: Record<string, unknown> | undefined, response: ServerResponse) {
    response.setHeader("X-OAuth-Scopes", grant.scopes.join(", "));
    const repoJson = (repo: Repository) => ({ id: repo.id, full_name: repo.fullName, default_branch: repo.defaultBranch, private: true, clone_url: `${url}/git/github/${repo.fullName}.git` });
    const me = identity("github", grant.user);
    if (method === "GET" && path === "/user") return json(response, 200, { ...me, avatar_url: null });
    if (method === "GET" && path === "/user/emails") return json(response, 200, [{ email: me.email, primary: true, verified: true }]);
    const membership = /^\/user\/memberships\/orgs\/([^/]+)$/.exec(path);
    if (method === "GET" && membership) {
      if (!grant.scopes.includes("read:org")) return json(response, 403, { message: "You need at least read:org scope or user scope to list your organization memberships." });
      const org = decodeURIComponent(membership[1] ?? "");
      if (!isOrgMember("github", org, grant.user)) return json(response, 404, { message: "Not Found" });
      return json(response, 200, { state: "active", role: "member", organization: { login: org }, user: { login: grant.user } });
    }
    if (method === "GET" && path === "/user/repos") return json(response, 200, [...repositories.values()].filter((repo) => repo.provider === "github").map(repoJson));
    if (method === "GET" && path === "/search/repositories") {
      const term = (new URLSearchParams(query).get("q") ?? "").split(" ")[0]?.toLowerCase() ?? "";
      const items = [...repositories.values()].filter((repo) => repo.provider === "github" && repo.fullName.split("/")[1]?.toLowerCase().includes(term)).map(repoJson);
      return json(response, 200, { total_count: items.length, incomplete_results: false, items });
    }
    const actionsAnswer = grant.scopes.includes("repo") ? actions.api(method, path, body) : null;
    if (actionsAnswer) return json(response, actionsAnswer.status, actionsAnswer.body);
    const match = /^\/repos\/([^/]+\/[^/]+)(\/hooks(?:\/(\d+))?)?$/.exec(path);
    const repo = match ? repositories.get(key("github", match[1] ?? "")) : undefined;
    if (!match || !repo) return json(response, 404, { message: "Not Found", documentation_url: "https://docs.github.com/rest" });
    if (!match[2]) return json(response, 200, repoJson(repo));
    if (!grant.scopes.some((scope) => scope === "admin:repo_hook" || scope === "repo")) return json(response, 404, { message: "Not Found" });
    const hookId = match[3];
    const config = (body?.config ?? {}) as { url?: string; secret?: string };
    if (method === "GET" && !hookId) return json(response, 200, repo.hooks.map((hook) => ({ id: Number(hook.id), events: hook.events, config: { url: hook.url, content_type: "json" } })));
    if (method === "POST" && !hookId) {
      if (repo.hooks.some((hook) => hook.url === config.url)) return json(response, 422, { message: "Validation Failed", errors: [{ resource: "Hook", code: "custom", message: "Hook already exists on this repository" }] });
      const hook = { id: String(nextId++), url: config.url ?? "", secret: config.secret ?? "", events: (body?.events as string[] | undefined) ?? ["push"] };
      repo.hooks.push(hook);
      return json(response, 201, { id: Number(hook.id), events: hook.events, active: true, config: { url: hook.url, content_type: "json", insecure_ssl: "0" } });
    }
    const hook = repo.hooks.find((candidate) => candidate.id === hookId);
    if (!hook) return json(response, 404, { message: "Not Found" });
    if (method === "GET") {
      const code = hook.lastStatus ?? null;
      const lastResponse = code === null ? { code: null, status: "unused", message: null } : code >= 200 && code < 300 ? { code, status: "active", message: "OK" } : { code, status: "failed", message: `Invalid HTTP Response: ${code}` };
      return json(response, 200, { id: Number(hook.id), name: "web", active: !hook.disabled, events: hook.events, config: { url: hook.url, content_type: "json" }, last_response: lastResponse });
    }
    if (method === "PATCH") {
      Object.assign(hook, { url: config.url ?? hook.url, secret: config.secret ?? hook.secret, events: (body?.events as string[] | undefined) ?? hook.events });
      if (body?.active === true) hook.disabled = undefined;
      return json(response, 200, { id: Number(hook.id), events: hook.events, config: { url: hook.url } });
    }
    if (method === "DELETE") {
      repo.hooks = repo.hooks.filter((candidate) => candidate !== hook);
      return response.writeHead(204).end();
    }
    return json(response, 405, { message: "Method Not Allowed" });
  }

  function gitlab(grant: Grant, method: string, path: string, target: URL, body: Record<string, unknown> | undefined, response: ServerResponse) {
    const projectJson = (repo: Repository) => ({ id: repo.id, path_with_namespace: repo.fullName, default_branch: repo.defaultBranch, visibility: "private", http_url_to_repo: `${url}/git/gitlab/${repo.fullName}.git` });
    const me = identity("gitlab", grant.user);
    if (method === "GET" && path === "/user") return json(response, 200, { id: me.id, username: me.login, name: me.name, email: me.email, confirmed_at: "2026-01-01T00:00:00Z", avatar_url: null });
    const groupMember = /^\/groups\/([^/]+)\/members\/all\/(\d+)$/.exec(path);
    if (method === "GET" && groupMember) {
      const member = isOrgMember("gitlab", decodeURIComponent(groupMember[1] ?? ""), grant.user) && Number(groupMember[2]) === me.id;
      return member ? json(response, 200, { id: me.id, username: me.login, access_level: 30, state: "active" }) : json(response, 404, { message: "404 Not found" });
    }
    if (method === "GET" && path === "/projects") {
      const search = target.searchParams.get("search")?.toLowerCase();
      return json(response, 200, [...repositories.values()].filter((repo) => repo.provider === "gitlab" && (!search || repo.fullName.toLowerCase().includes(search))).map(projectJson));
    }
    const match = /^\/projects\/([^/]+)(\/hooks(?:\/(\d+))?)?$/.exec(path);
    const repo = match ? repositories.get(key("gitlab", decodeURIComponent(match[1] ?? ""))) : undefined;
    if (!match || !repo) return json(response, 404, { message: "404 Project Not Found" });
    if (!match[2]) return json(response, 200, projectJson(repo));
    if (!grant.scopes.includes("api")) return json(response, 403, { error: "insufficient_scope", error_description: "The request requires higher privileges than provided by the access token.", scope: "api" });
    const hookId = match[3];
    const events = (b: Record<string, unknown> | undefined) => ["push", "pull_request", "pipeline"].filter((_, index) => Boolean(b?.[["push_events", "merge_requests_events", "pipeline_events"][index] ?? ""]));
    if (method === "GET" && !hookId) return json(response, 200, repo.hooks.map((hook) => ({ id: Number(hook.id), url: hook.url })));
    if (method === "POST" && !hookId) {
      const hook = { id: String(nextId++), url: text(body?.url, ""), secret: text(body?.token, ""), events: events(body) };
      repo.hooks.push(hook);
      return json(response, 201, { id: Number(hook.id), url: hook.url, push_events: hook.events.includes("push") });
    }
    const hook = repo.hooks.find((candidate) => candidate.id === hookId);
    if (!hook) return json(response, 404, { message: "404 Not found" });
    if (method === "GET") {
      return json(response, 200, { id: Number(hook.id), url: hook.url, push_events: hook.events.includes("push"), alert_status: hook.disabled?.state ?? "executable", disabled_until: hook.disabled?.until ?? null });
    }
    if (method === "PUT") {
      // GitLab re-enables a hook that is edited.
      Object.assign(hook, { url: text(body?.url, hook.url), secret: text(body?.token, hook.secret), events: events(body), disabled: undefined });
      return json(response, 200, { id: Number(hook.id), url: hook.url });
    }
    if (method === "DELETE") {
      repo.hooks = repo.hooks.filter((candidate) => candidate !== hook);
      return response.writeHead(204).end();
    }
    return json(response, 405, { message: "405 Method Not Allowed" });
  }

  function bitbucket(grant: Grant, method: string, path: string, target: URL, body: Record<string, unknown> | undefined, response: ServerResponse) {
    const repoJson = (repo: Repository) => ({
      uuid: `{${repo.id}}`,
      full_name: repo.fullName,
      is_private: true,
      mainbranch: { name: repo.defaultBranch },
      links: { clone: [{ name: "https", href: `${url.replace("//", "//emulator@")}/git/bitbucket/${repo.fullName}.git` }] },
    });
    const me = identity("bitbucket", grant.user);
    if (method === "GET" && path === "/user") return json(response, 200, { uuid: `{${me.id}}`, display_name: me.name, nickname: me.login, links: { avatar: { href: "" } } });
    if (method === "GET" && path === "/user/emails") return json(response, 200, { values: [{ email: me.email, is_primary: true, is_confirmed: true }] });
    if (method === "GET" && path === "/user/permissions/workspaces") {
      const slug = /workspace\.slug="([^"]*)"/.exec(target.searchParams.get("q") ?? "")?.[1] ?? "";
      return json(response, 200, { values: isOrgMember("bitbucket", slug, grant.user) ? [{ permission: "member", workspace: { slug } }] : [] });
    }
    if (method === "GET" && path === "/repositories") {
      const term = /name ~ "([^"]*)"/.exec(target.searchParams.get("q") ?? "")?.[1]?.toLowerCase() ?? "";
      return json(response, 200, { values: [...repositories.values()].filter((repo) => repo.provider === "bitbucket" && repo.fullName.toLowerCase().includes(term)).map(repoJson) });
    }
    const match = /^\/repositories\/([^/]+\/[^/]+)(\/hooks(?:\/([^/]+))?)?$/.exec(path);
    const repo = match ? repositories.get(key("bitbucket", match[1] ?? "")) : undefined;
    if (!match || !repo) return json(response, 404, { type: "error", error: { message: "Repository not found" } });
    if (!match[2]) return json(response, 200, repoJson(repo));
    if (!grant.scopes.includes("webhook")) return json(response, 403, { type: "error", error: { message: "Your credentials lack one or more required privilege scopes.", detail: { required: ["webhook"] } } });
    const hookId = match[3] ? decodeURIComponent(match[3]) : undefined;
    if (method === "POST" && !hookId) {
      const hook = { id: `{${randomUUID()}}`, url: text(body?.url, ""), secret: text(body?.secret, ""), events: (body?.events as string[] | undefined) ?? [] };
      repo.hooks.push(hook);
      return json(response, 201, { uuid: hook.id, url: hook.url, events: hook.events, active: true });
    }
    const hook = repo.hooks.find((candidate) => candidate.id === hookId);
    if (!hook) return json(response, 404, { type: "error", error: { message: "Webhook not found" } });
    if (method === "GET") return json(response, 200, { uuid: hook.id, url: hook.url, events: hook.events, active: !hook.disabled });
    if (method === "PUT") {
      Object.assign(hook, { url: text(body?.url, hook.url), secret: text(body?.secret, hook.secret), events: (body?.events as string[] | undefined) ?? hook.events });
      if (body?.active === true) hook.disabled = undefined;
      return json(response, 200, { uuid: hook.id, url: hook.url });
    }
    if (method === "DELETE") {
      repo.hooks = repo.hooks.filter((candidate) => candidate !== hook);
      return response.writeHead(204).end();
    }
    return json(response, 405, { type: "error", error: { message: "Method not allowed" } });
  }

  function giteaApi(grant: Grant, method: string, path: string, target: URL, body: Record<string, unknown> | undefined, response: ServerResponse) {
    const repoJson = (repo: Repository) => ({ id: repo.id, full_name: repo.fullName, default_branch: repo.defaultBranch, private: true, clone_url: `${url}/git/gitea/${repo.fullName}.git` });
    const mine = () => [...repositories.values()].filter((repo) => repo.provider === "gitea");
    const me = identity("gitea", grant.user);
    if (method === "GET" && path === "/user") return json(response, 200, { id: me.id, login: me.login, full_name: me.name, email: me.email, avatar_url: "" });
    if (method === "GET" && path === "/user/emails") return json(response, 200, [{ email: me.email, verified: true, primary: true }]);
    const orgMember = /^\/orgs\/([^/]+)\/members\/([^/]+)$/.exec(path);
    if (method === "GET" && orgMember) {
      if (!grant.scopes.includes("read:organization")) return json(response, 403, { message: "token does not have at least one of required scope(s): [read:organization]" });
      const member = isOrgMember("gitea", decodeURIComponent(orgMember[1] ?? ""), decodeURIComponent(orgMember[2] ?? ""));
      return member ? response.writeHead(204).end() : json(response, 404, { message: "The target couldn't be found.", errors: [] });
    }
    if (method === "GET" && path === "/user/repos") return json(response, 200, mine().map(repoJson));
    if (method === "GET" && path === "/repos/search") {
      const term = target.searchParams.get("q")?.toLowerCase() ?? "";
      return json(response, 200, { ok: true, data: mine().filter((repo) => repo.fullName.toLowerCase().includes(term)).map(repoJson) });
    }
    const match = /^\/repos\/([^/]+\/[^/]+)(\/hooks(?:\/(\d+))?)?$/.exec(path);
    const repo = match ? repositories.get(key("gitea", match[1] ?? "")) : undefined;
    if (!match || !repo) return json(response, 404, { message: "The target couldn't be found.", errors: [] });
    if (!match[2]) return json(response, 200, repoJson(repo));
    if (!grant.scopes.includes("write:repository")) return json(response, 403, { message: "token does not have at least one of required scope(s): [write:repository]" });
    const hookId = match[3];
    const config = (body?.config ?? {}) as { url?: string; secret?: string };
    if (method === "POST" && !hookId) {
      const hook = { id: String(nextId++), url: config.url ?? "", secret: config.secret ?? "", events: (body?.events as string[] | undefined) ?? ["push"] };
      repo.hooks.push(hook);
      return json(response, 201, { id: Number(hook.id), type: "gitea", events: hook.events, active: true, config: { url: hook.url, content_type: "json" } });
    }
    const hook = repo.hooks.find((candidate) => candidate.id === hookId);
    if (!hook) return json(response, 404, { message: "The target couldn't be found.", errors: [] });
    if (method === "GET") return json(response, 200, { id: Number(hook.id), type: "gitea", active: !hook.disabled, events: hook.events, config: { url: hook.url, content_type: "json" } });
    if (method === "PATCH") {
      Object.assign(hook, { url: config.url ?? hook.url, secret: config.secret ?? hook.secret, events: (body?.events as string[] | undefined) ?? hook.events });
      if (body?.active === true) hook.disabled = undefined;
      return json(response, 200, { id: Number(hook.id) });
    }
    if (method === "DELETE") {
      repo.hooks = repo.hooks.filter((candidate) => candidate !== hook);
      return response.writeHead(204).end();
    }
    return json(response, 405, { message: "Method Not Allowed" });
  }

  function gitTokenValid(provider: EmulatedProvider, authorization: string | undefined): boolean {
    const basic = /^Basic\s+(.+)$/i.exec(authorization ?? "");
    if (!basic) return false;
    const password = Buffer.from(basic[1] ?? "", "base64").toString("utf8").split(":").slice(1).join(":");
    return tokens.get(password)?.provider === provider;
  }

  function issueRefreshToken(grant: Grant): string {
    const refresh = `refresh-${randomBytes(16).toString("hex")}`;
    refreshTokens.set(refresh, grant);
    return refresh;
  }

  async function control(method: string, path: string, target: URL, request: IncomingMessage, response: ServerResponse) {
    const provider = target.searchParams.get("provider") as EmulatedProvider;
    const fullName = target.searchParams.get("full_name") ?? "";
    if (method === "POST" && path === "/_control/repositories") {
      const isPrivate = target.searchParams.get("private") === "true";
      const repo = await emulator.createRepository(provider, fullName, target.searchParams.get("default_branch") ?? "main", isPrivate);
      // A private repository's URL for the test's own git client carries a token of its own.
      const gitUrl = new URL(emulator.gitUrl(provider, fullName));
      if (isPrivate) [gitUrl.username, gitUrl.password] = ["test", emulator.issueToken(provider)];
      return json(response, 201, { id: repo.id, git_url: gitUrl.toString() });
    }
    if (method === "GET" && path === "/_control/hooks") return json(response, 200, emulator.hooks(provider, fullName));
    if (method === "GET" && path === "/_control/deliveries") return json(response, 200, deliveries);
    if (method === "POST" && path === "/_control/hook-state") {
      const state = target.searchParams.get("state");
      for (const hook of emulator.hooks(provider, fullName)) {
        hook.disabled = state === "disabled" || state === "temporarily_disabled" ? { state, until: state === "temporarily_disabled" ? new Date(Date.now() + 3_600_000).toISOString() : null } : undefined;
      }
      return json(response, 200, { ok: true });
    }
    if (method === "POST" && path === "/_control/down") {
      emulator.setDown(provider, target.searchParams.get("down") !== "false");
      return json(response, 200, { ok: true });
    }
    if (method === "POST" && path === "/_control/org-members") {
      emulator.addOrgMember(provider, target.searchParams.get("org") ?? "", target.searchParams.get("login") ?? "");
      return json(response, 200, { ok: true });
    }
    if (method === "POST" && path === "/_control/next-login") {
      nextLogin[provider] = target.searchParams.get("login") ?? DEFAULT_LOGIN[provider];
      return json(response, 200, { ok: true });
    }
    if (method === "POST" && path === "/_control/actions-job") {
      const input = JSON.parse((await readBody(request)) || "{}") as Record<string, unknown>;
      const labels = Array.isArray(input.labels) ? input.labels.filter((label): label is string => typeof label === "string") : ["self-hosted"];
      const job = await actions.queueJob(fullName, { name: text(input.name, "build"), labels, branch: text(input.branch, "main") });
      return json(response, 201, { job_id: job.id });
    }
    if (method === "POST" && path === "/_control/actions-job-cancel") {
      await actions.cancelJob(Number(target.searchParams.get("job_id")));
      return json(response, 200, { ok: true });
    }
    if (method === "GET" && path === "/_control/actions-jobs") return json(response, 200, { jobs: actions.jobs(), runners: actions.runners() });
    if (method === "POST" && path === "/_control/ci-run") {
      const run = ciRunSchema(JSON.parse((await readBody(request)) || "{}"));
      await deliverCiRun(provider, fullName, run);
      return json(response, 200, { ok: true });
    }
    const number = Number(target.searchParams.get("number"));
    if (method === "POST" && path === "/_control/pull-request") {
      const input = JSON.parse((await readBody(request)) || "{}") as Record<string, unknown>;
      await emulator.openPullRequest(provider, fullName, {
        number,
        headRef: text(input.head_ref, "feature"),
        headSha: text(input.head_sha, ""),
        headRepository: typeof input.head_repository === "string" ? input.head_repository : undefined,
        author: typeof input.author === "string" ? input.author : undefined,
        authorAssociation: typeof input.author_association === "string" ? input.author_association : undefined,
      });
      return json(response, 201, { ok: true });
    }
    if (method === "POST" && path === "/_control/pull-request-push") {
      await emulator.pushToPullRequest(provider, fullName, number, target.searchParams.get("head_sha") ?? "");
      return json(response, 200, { ok: true });
    }
    if (method === "POST" && path === "/_control/pull-request-close") {
      await emulator.closePullRequest(provider, fullName, number, { merged: target.searchParams.get("merged") === "true" });
      return json(response, 200, { ok: true });
    }
    if (method === "GET" && path === "/_control/pull-request") return json(response, 200, emulator.pullRequest(provider, fullName, number) ?? null);
    if (method === "GET" && path === "/_control/statuses") return json(response, 200, statuses.received(provider, fullName));
    await readBody(request);
    return json(response, 404, { message: "unknown control endpoint" });
  }

  // A CI run as the provider reports it to hooks that asked for CI events: GitHub a workflow_job for each
  // failed job and then the workflow_run; GitLab one Pipeline Hook listing its builds.
  async function deliverCiRun(provider: EmulatedProvider, fullName: string, run: EmulatedCiRun) {
    const repo = repositories.get(key(provider, fullName));
    if (!repo) return;
    for (const hook of repo.hooks) {
      for (const { body, headers } of ciDeliveries(provider, repo, hook, run)) {
        const answer = await fetch(hook.url, { method: "POST", headers, body }).catch(() => null);
        deliveries.push({ provider, url: hook.url, status: answer?.status ?? 0, body: (await answer?.text()) ?? "" });
      }
    }
  }

  function ciDeliveries(provider: EmulatedProvider, repo: Repository, hook: Hook, run: EmulatedCiRun): { body: string; headers: Record<string, string> }[] {
    const web = `${emulator.url}/${repo.fullName}`;
    const conclusion = run.status === "completed" ? run.conclusion : null;
    if (provider === "github") {
      const sign = (body: string) => `sha256=${createHmac("sha256", hook.secret).update(body).digest("hex")}`;
      const github = (event: string, payload: unknown) => {
        const body = JSON.stringify(payload);
        return { body, headers: { "Content-Type": "application/json", "User-Agent": "GitHub-Hookshot/emulator", "X-GitHub-Event": event, "X-GitHub-Delivery": randomUUID(), "X-GitHub-Hook-ID": hook.id, "X-Hub-Signature-256": sign(body) } };
      };
      const repository = { id: repo.id, full_name: repo.fullName, name: repo.fullName.split("/")[1], default_branch: repo.defaultBranch };
      const jobs = hook.events.includes("workflow_job")
        ? run.failed_jobs.map((name, index) =>
            github("workflow_job", {
              action: "completed",
              workflow_job: {
                id: run.run_id * 100 + index,
                run_id: run.run_id,
                run_attempt: 1,
                name,
                workflow_name: run.workflow,
                head_branch: run.branch,
                head_sha: run.sha,
                status: "completed",
                conclusion: "failure",
                html_url: `${web}/actions/runs/${run.run_id}/job/${run.run_id * 100 + index}`,
                created_at: run.started_at,
                started_at: run.started_at,
                completed_at: run.updated_at,
                labels: ["ubuntu-latest"],
              },
              repository,
            }),
          )
        : [];
      const workflowRun = hook.events.includes("workflow_run")
        ? [
            github("workflow_run", {
              action: run.status === "completed" ? "completed" : run.status === "in_progress" ? "in_progress" : "requested",
              workflow_run: {
                id: run.run_id,
                name: run.workflow,
                run_attempt: 1,
                run_number: run.run_id,
                head_branch: run.branch,
                head_sha: run.sha,
                event: "push",
                status: run.status,
                conclusion,
                html_url: `${web}/actions/runs/${run.run_id}`,
                created_at: run.started_at,
                run_started_at: run.started_at,
                updated_at: run.updated_at,
                head_commit: { id: run.sha, message: "CI", author: { name: run.author, email: "ci@example.com" } },
              },
              workflow: { name: run.workflow },
              repository,
            }),
          ]
        : [];
      return [...jobs, ...workflowRun];
    }
    if (provider === "gitlab" && hook.events.includes("pipeline")) {
      const status = run.status === "completed" ? ({ success: "success", failure: "failed", cancelled: "canceled" }[conclusion ?? ""] ?? "failed") : run.status === "in_progress" ? "running" : "pending";
      const utc = (iso: string) => iso.replace("T", " ").replace(/\.\d+Z$|Z$/, " UTC");
      const body = JSON.stringify({
        object_kind: "pipeline",
        object_attributes: { id: run.run_id, iid: run.run_id, name: run.workflow, ref: run.branch, tag: false, sha: run.sha, source: "push", status, created_at: utc(run.started_at), finished_at: run.status === "completed" ? utc(run.updated_at) : null, url: `${web}/-/pipelines/${run.run_id}` },
        project: { path_with_namespace: repo.fullName, web_url: web },
        commit: { id: run.sha, author: { name: run.author, email: "ci@example.com" } },
        builds: run.failed_jobs.map((name, index) => ({ id: run.run_id * 100 + index, name, stage: "test", status: "failed" })),
      });
      return [{ body, headers: { "Content-Type": "application/json", "X-Gitlab-Event": "Pipeline Hook", "X-Gitlab-Token": hook.secret, "Idempotency-Key": randomUUID() } }];
    }
    return [];
  }

  // A GitHub event for every hook of the repository that asked for it, signed with the hook's secret.
  async function deliverGithubEvent(fullName: string, event: string, payload: unknown) {
    const repo = repositories.get(key("github", fullName));
    for (const hook of repo?.hooks.filter((candidate) => candidate.events.includes(event)) ?? []) {
      const body = JSON.stringify(payload);
      const signature = `sha256=${createHmac("sha256", hook.secret).update(body).digest("hex")}`;
      const headers = { "Content-Type": "application/json", "User-Agent": "GitHub-Hookshot/emulator", "X-GitHub-Event": event, "X-GitHub-Delivery": randomUUID(), "X-GitHub-Hook-ID": hook.id, "X-Hub-Signature-256": signature };
      const answer = await fetch(hook.url, { method: "POST", headers, body }).catch(() => null);
      deliveries.push({ provider: "github", url: hook.url, status: answer?.status ?? 0, body: (await answer?.text()) ?? "" });
    }
  }

  // A pull request's change, to every hook of its repository that asked for pull requests, signed as its
  // provider signs.
  async function deliverPullRequest(pr: EmulatedPullRequest, change: PullRequestChange) {
    const repo = repositories.get(key(pr.provider, pr.fullName));
    const { event, payload } = pullRequestPayload(pr, change);
    const subscribed = (hook: Hook) => (pr.provider === "bitbucket" ? hook.events.includes(event) : hook.events.includes("pull_request"));
    for (const hook of repo?.hooks.filter(subscribed) ?? []) {
      const body = JSON.stringify(payload);
      const hex = createHmac("sha256", hook.secret).update(body).digest("hex");
      const id = randomUUID();
      const headers: Record<string, string> = {
        github: { "X-GitHub-Event": event, "X-GitHub-Delivery": id, "X-GitHub-Hook-ID": hook.id, "X-Hub-Signature-256": `sha256=${hex}`, "User-Agent": "GitHub-Hookshot/emulator" },
        gitea: { "X-Gitea-Event": event, "X-Gitea-Delivery": id, "X-Gitea-Signature": hex, "X-GitHub-Event": event, "X-GitHub-Delivery": id, "X-Hub-Signature-256": `sha256=${hex}` },
        gitlab: { "X-Gitlab-Event": event, "X-Gitlab-Token": hook.secret, "X-Gitlab-Event-UUID": id, "Idempotency-Key": id, "User-Agent": "GitLab/emulator" },
        bitbucket: { "X-Event-Key": event, "X-Request-UUID": id, "X-Hub-Signature": `sha256=${hex}`, "User-Agent": "Bitbucket-Webhooks/2.0" },
      }[pr.provider];
      const answer = await fetch(hook.url, { method: "POST", headers: { "Content-Type": "application/json", ...headers }, body }).catch(() => null);
      deliveries.push({ provider: pr.provider, url: hook.url, status: answer?.status ?? 0, body: (await answer?.text()) ?? "" });
    }
  }

  // Each registered hook gets the push as its provider sends it, signed with the hook's secret.
  async function deliverPush(provider: EmulatedProvider, fullName: string, changes: RefChange[], repoDir: string) {
    const repo = repositories.get(key(provider, fullName));
    if (!repo) return;
    for (const change of changes) {
      const zero = /^0+$/.test(change.after);
      const head = zero ? null : { id: change.after, ...(await commitInfo(repoDir, change.after)) };
      for (const hook of repo.hooks.filter((candidate) => !candidate.disabled)) {
        const { body, headers } = pushDelivery(provider, repo, hook, change, head);
        const answer = await fetch(hook.url, { method: "POST", headers, body }).catch(() => null);
        hook.lastStatus = answer?.status ?? 502;
        deliveries.push({ provider, url: hook.url, status: answer?.status ?? 0, body: (await answer?.text()) ?? "" });
      }
    }
  }

  function pushDelivery(
    provider: EmulatedProvider,
    repo: Repository,
    hook: Hook,
    change: RefChange,
    head: { id: string; message: string; name: string; email: string; timestamp: string } | null,
  ): { body: string; headers: Record<string, string> } {
    const sign = (body: string) => `sha256=${createHmac("sha256", hook.secret).update(body).digest("hex")}`;
    if (provider === "github") {
      const body = JSON.stringify({
        ref: change.ref,
        before: change.before,
        after: change.after,
        created: /^0+$/.test(change.before),
        deleted: head === null,
        forced: false,
        repository: { id: repo.id, full_name: repo.fullName, name: repo.fullName.split("/")[1], default_branch: repo.defaultBranch },
        head_commit: head && { id: head.id, message: head.message, timestamp: head.timestamp, author: { name: head.name, email: head.email } },
        commits: head ? [{ id: head.id, message: head.message, author: { name: head.name, email: head.email } }] : [],
      });
      return {
        body,
        headers: { "Content-Type": "application/json", "User-Agent": "GitHub-Hookshot/emulator", "X-GitHub-Event": "push", "X-GitHub-Delivery": randomUUID(), "X-GitHub-Hook-ID": hook.id, "X-Hub-Signature-256": sign(body) },
      };
    }
    if (provider === "gitea") {
      const commit = head && { id: head.id, message: `${head.message}\n`, timestamp: head.timestamp, author: { name: head.name, email: head.email, username: "" } };
      const body = JSON.stringify({
        ref: change.ref,
        before: change.before,
        after: change.after,
        repository: { id: repo.id, full_name: repo.fullName, default_branch: repo.defaultBranch },
        head_commit: commit,
        commits: commit ? [commit] : [],
      });
      const id = randomUUID();
      const signature = createHmac("sha256", hook.secret).update(body).digest("hex");
      // Gitea also sends GitHub-style headers; receivers must route by URL, not by these.
      return {
        body,
        headers: {
          "Content-Type": "application/json",
          "X-Gitea-Event": "push",
          "X-Gitea-Delivery": id,
          "X-Gitea-Signature": signature,
          "X-GitHub-Event": "push",
          "X-GitHub-Delivery": id,
          "X-Hub-Signature-256": `sha256=${signature}`,
        },
      };
    }
    if (provider === "gitlab") {
      const body = JSON.stringify({
        object_kind: "push",
        event_name: "push",
        ref: change.ref,
        before: change.before,
        after: change.after,
        checkout_sha: head?.id ?? null,
        project: { id: repo.id, path_with_namespace: repo.fullName, default_branch: repo.defaultBranch },
        commits: head ? [{ id: head.id, message: head.message, timestamp: head.timestamp, author: { name: head.name, email: head.email } }] : [],
        total_commits_count: head ? 1 : 0,
      });
      return {
        body,
        headers: { "Content-Type": "application/json", "User-Agent": "GitLab/emulator", "X-Gitlab-Event": "Push Hook", "X-Gitlab-Token": hook.secret, "X-Gitlab-Event-UUID": randomUUID(), "Idempotency-Key": randomUUID() },
      };
    }
    const branch = change.ref.replace(/^refs\/heads\//, "");
    const body = JSON.stringify({
      repository: { full_name: repo.fullName, uuid: `{${repo.id}}` },
      push: {
        changes: [
          {
            new: head && { type: "branch", name: branch, target: { type: "commit", hash: head.id, message: `${head.message}\n`, author: { raw: `${head.name} <${head.email}>`, user: { display_name: head.name } } } },
            old: /^0+$/.test(change.before) ? null : { type: "branch", name: branch, target: { hash: change.before } },
          },
        ],
      },
    });
    return { body, headers: { "Content-Type": "application/json", "User-Agent": "Bitbucket-Webhooks/2.0", "X-Event-Key": "repo:push", "X-Request-UUID": randomUUID(), "X-Hub-Signature": sign(body) } };
  }

  const emulator = {
    url,
    deliveries,
    actions,
    statuses,
    gitUrl: (provider: EmulatedProvider, fullName: string) => `${url}/git/${provider}/${fullName}.git`,
    async createRepository(provider: EmulatedProvider, fullName: string, defaultBranch = "main", isPrivate = false) {
      const repo: Repository = { provider, id: nextId++, fullName, defaultBranch, hooks: [], isPrivate };
      repositories.set(key(provider, fullName), repo);
      await initBareRepository(join(gitRoot, provider, `${fullName}.git`), defaultBranch);
      return repo;
    },
    hooks: (provider: EmulatedProvider, fullName: string) => repositories.get(key(provider, fullName))?.hooks ?? [],
    // A token as sign-in would have stored it, for tests that skip the OAuth dance.
    issueToken(provider: EmulatedProvider, scopes = FULL_SCOPES[provider], login = DEFAULT_LOGIN[provider]) {
      const token = `${provider}-token-${randomBytes(16).toString("hex")}`;
      tokens.set(token, { provider, user: login, scopes });
      return token;
    },
    issueRefreshToken: (provider: EmulatedProvider) => issueRefreshToken({ provider, user: DEFAULT_LOGIN[provider], scopes: FULL_SCOPES[provider] }),
    grantScopes: (provider: EmulatedProvider, scopes: string[]) => {
      grantScopes[provider] = scopes;
    },
    addOrgMember(provider: EmulatedProvider, org: string, login: string) {
      const members = orgMembers.get(orgKey(provider, org)) ?? new Set<string>();
      members.add(login);
      orgMembers.set(orgKey(provider, org), members);
    },
    // Who consents at the next authorization (the default login otherwise).
    nextLogin(provider: EmulatedProvider, login: string) {
      nextLogin[provider] = login;
    },
    setDown: (provider: EmulatedProvider, isDown: boolean) => (isDown ? down.add(provider) : down.delete(provider)),
    // A pull request opened against the repository (from a fork when headRepository names another), delivered.
    async openPullRequest(
      provider: EmulatedProvider,
      fullName: string,
      pr: { number: number; headRef: string; headSha: string; title?: string; author?: string; headRepository?: string; authorAssociation?: string },
    ) {
      const opened = pullRequests.open({
        provider,
        fullName,
        number: pr.number,
        title: pr.title ?? `Change #${pr.number}`,
        author: pr.author ?? DEFAULT_LOGIN[provider],
        headRef: pr.headRef,
        headSha: pr.headSha,
        headRepository: pr.headRepository ?? fullName,
        authorAssociation: pr.authorAssociation ?? "OWNER",
      });
      await deliverPullRequest(opened, "opened");
      return opened;
    },
    // A new head commit pushed to the pull request's branch, delivered as synchronize (update).
    async pushToPullRequest(provider: EmulatedProvider, fullName: string, number: number, headSha: string) {
      const pr = pullRequests.get(provider, fullName, number);
      if (!pr) throw new Error(`no pull request #${number} in ${fullName}`);
      pr.headSha = headSha;
      await deliverPullRequest(pr, "synchronize");
    },
    // Closed (or merged); `deliver: false` closes it while nobody listens, as when Berth is down.
    async closePullRequest(provider: EmulatedProvider, fullName: string, number: number, options: { merged?: boolean; deliver?: boolean } = {}) {
      const pr = pullRequests.get(provider, fullName, number);
      if (!pr) throw new Error(`no pull request #${number} in ${fullName}`);
      pr.state = options.merged ? "merged" : "closed";
      if (options.deliver !== false) await deliverPullRequest(pr, "closed");
    },
    pullRequest: (provider: EmulatedProvider, fullName: string, number: number) => pullRequests.get(provider, fullName, number),
    async stop() {
      server.closeAllConnections();
      await new Promise((resolve) => server.close(resolve));
      await rm(gitRoot, { recursive: true, force: true });
    },
  };
  return emulator;
}

export type ProviderEmulator = Awaited<ReturnType<typeof startProviderEmulator>>;

// Berth's provider URLs pointed at an emulator, as environment variables.
export function emulatorUrls(url: string): Record<string, string> {
  return {
    GITHUB_URL: url,
    GITHUB_API_URL: `${url}/api/v3`,
    GITLAB_URL: url,
    BITBUCKET_URL: url,
    BITBUCKET_API_URL: url,
    GITEA_URL: `${url}/gitea`,
  };
}

function json(response: ServerResponse, status: number, body: unknown) {
  response.writeHead(status, { "Content-Type": "application/json" }).end(JSON.stringify(body));
}

function readBody(request: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    request.on("data", (chunk: Buffer) => chunks.push(chunk));
    request.on("end", () => resolve(Buffer.concat(chunks).toString("utf8")));
    request.on("error", reject);
  });
}
