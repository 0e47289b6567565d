// Commit statuses as each emulated provider takes them, with their documented states, limits and answers:
// GitHub's commit statuses and Deployments API (deployments and their statuses), GitLab's
// POST /projects/:id/statuses/:sha (which refuses a status the commit already has), Bitbucket's
// POST …/commit/{sha}/statuses/build and Gitea's POST /repos/{o}/{r}/statuses/{sha}. Everything received is
// kept for tests to read; a test can make a repository refuse them (403). Test code only.
import type { EmulatedProvider } from "./provider-emulator";

export type ReceivedStatus = {
  kind: "commit_status" | "deployment" | "deployment_status";
  sha: string;
  state: string;
  // GitHub/Gitea context, GitLab name, Bitbucket key.
  context: string;
  targetUrl: string | null;
  description: string | null;
  // GitHub deployments and their statuses.
  deploymentId?: number;
  environment?: string;
  environmentUrl?: string | null;
};

type Answer = { status: number; body: unknown };

const STATES: Record<EmulatedProvider, string[]> = {
  github: ["error", "failure", "pending", "success"],
  gitlab: ["pending", "running", "success", "failed", "canceled", "skipped"],
  bitbucket: ["INPROGRESS", "SUCCESSFUL", "FAILED", "STOPPED"],
  gitea: ["pending", "success", "error", "failure", "warning"],
};
const DEPLOYMENT_STATES = ["error", "failure", "inactive", "in_progress", "queued", "pending", "success"];

const ROUTES: Record<EmulatedProvider, RegExp> = {
  github: /^\/repos\/([^/]+\/[^/]+)\/(?:statuses\/([0-9a-f]{40})|deployments(?:\/(\d+)\/statuses)?)$/,
  gitlab: /^\/projects\/([^/]+)\/statuses\/([0-9a-f]{40})$/,
  bitbucket: /^\/repositories\/([^/]+\/[^/]+)\/commit\/([0-9a-f]{40})\/statuses\/build$/,
  gitea: /^\/repos\/([^/]+\/[^/]+)\/statuses\/([0-9a-f]{40})$/,
};

const str = (value: unknown): string | null => (typeof value === "string" ? value : null);

export function commitStatusesEmulator(repositoryExists: (provider: EmulatedProvider, fullName: string) => boolean) {
  const received = new Map<string, ReceivedStatus[]>();
  const refusing = new Set<string>();
  let nextId = 90_000;
  const key = (provider: EmulatedProvider, fullName: string) => `${provider}:${fullName.toLowerCase()}`;
  const list = (provider: EmulatedProvider, fullName: string) => received.get(key(provider, fullName)) ?? received.set(key(provider, fullName), []).get(key(provider, fullName))!;

  const invalid = (provider: EmulatedProvider, message: string): Answer =>
    provider === "bitbucket" ? { status: 400, body: { type: "error", error: { message } } } : { status: provider === "gitlab" ? 400 : 422, body: { message } };

  // The answer to a status call, or null when the path is not one.
  function api(provider: EmulatedProvider, method: string, path: string, body: Record<string, unknown> | undefined): Answer | null {
    const match = ROUTES[provider].exec(path);
    if (!match || method !== "POST") return null;
    const fullName = decodeURIComponent(match[1] ?? "");
    if (!repositoryExists(provider, fullName)) return { status: 404, body: { message: "Not Found" } };
    if (refusing.has(key(provider, fullName))) return refusal(provider);
    const statuses = list(provider, fullName);
    const state = str(body?.state) ?? "";

    if (provider === "github" && path.endsWith("/deployments")) {
      const ref = str(body?.ref);
      if (!ref || !Array.isArray(body?.required_contexts) || body.auto_merge !== false) return invalid(provider, "Validation Failed: ref, auto_merge: false and required_contexts are expected");
      const id = nextId++;
      statuses.push({ kind: "deployment", sha: ref, state: "created", context: "", targetUrl: null, description: str(body.description), deploymentId: id, environment: str(body.environment) ?? "production" });
      return { status: 201, body: { id, sha: ref, ref, environment: str(body.environment) ?? "production", transient_environment: body.transient_environment === true } };
    }
    if (provider === "github" && match[3]) {
      const deployment = statuses.find((status) => status.kind === "deployment" && status.deploymentId === Number(match[3]));
      if (!deployment) return { status: 404, body: { message: "Not Found" } };
      if (!DEPLOYMENT_STATES.includes(state)) return invalid(provider, `Validation Failed: state '${state}' is not included in the list`);
      if ((str(body?.description) ?? "").length > 140) return invalid(provider, "Validation Failed: description is too long (maximum is 140 characters)");
      statuses.push({ kind: "deployment_status", sha: deployment.sha, state, context: "", targetUrl: str(body?.log_url), description: str(body?.description), deploymentId: deployment.deploymentId, environment: deployment.environment, environmentUrl: str(body?.environment_url) });
      return { status: 201, body: { id: nextId++, state } };
    }

    const sha = match[2] ?? "";
    if (!STATES[provider].includes(state)) return invalid(provider, `state '${state}' is not one of ${STATES[provider].join(", ")}`);
    const context = (provider === "bitbucket" ? str(body?.key) : provider === "gitlab" ? str(body?.name) : str(body?.context)) ?? "default";
    const targetUrl = provider === "bitbucket" ? str(body?.url) : str(body?.target_url);
    if (provider === "bitbucket" && (!targetUrl || context.length > 40)) return invalid(provider, "key (at most 40 characters) and url are required");
    if (provider === "github" && (str(body?.description) ?? "").length > 140) return invalid(provider, "Validation Failed: description is too long (maximum is 140 characters)");
    const previous = statuses.findLast((status) => status.kind === "commit_status" && status.sha === sha && status.context === context);
    if (provider === "gitlab" && previous?.state === state) return { status: 400, body: { message: `Cannot transition status via :${state} from :${state}` } };
    statuses.push({ kind: "commit_status", sha, state, context, targetUrl, description: str(body?.description) });
    return { status: 201, body: { id: nextId++, sha, state, context, target_url: targetUrl } };
  }

  function refusal(provider: EmulatedProvider): Answer {
    if (provider === "bitbucket") return { status: 403, body: { type: "error", error: { message: "You do not have access to this resource." } } };
    if (provider === "github") return { status: 403, body: { message: "Resource not accessible by integration" } };
    return { status: 403, body: { message: "403 Forbidden" } };
  }

  return {
    api,
    // What the repository received, in order.
    received: (provider: EmulatedProvider, fullName: string): ReceivedStatus[] => [...list(provider, fullName)],
    refuse: (provider: EmulatedProvider, fullName: string, refuse = true) => (refuse ? refusing.add(key(provider, fullName)) : refusing.delete(key(provider, fullName))),
  };
}
