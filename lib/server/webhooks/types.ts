// The one normalized shape every provider's delivery is turned into. Commit shas and refs in it have
// passed lib/shared/validations/git.ts at the boundary (each provider's parser).
import type { z } from "zod";
import type { CiReport } from "@/lib/server/ci/report";
import type { PullRequestEvent } from "@/lib/server/previews/pull-request";
import type { RunnerJobReport } from "@/lib/server/runners/report";

export const WEBHOOK_PROVIDERS = ["github", "gitlab", "bitbucket", "gitea"] as const;
export type WebhookProvider = (typeof WEBHOOK_PROVIDERS)[number];

export interface Commit {
  sha: string;
  message: string | null;
  author: string | null;
}

// One ref a push moved. `after` is null when the ref was deleted.
export interface RefUpdate {
  ref: string;
  after: string | null;
  headCommit: Commit | null;
}

export type WebhookEvent =
  | { kind: "ping" }
  | { kind: "push"; repository: string | null; updates: RefUpdate[] }
  | { kind: "other"; repository: string | null }
  // A CI run or one of its jobs moved (GitHub workflow_run/workflow_job, GitLab Pipeline Hook).
  // A workflow_job also says whether it waits for a self-hosted runner (lib/server/runners).
  | { kind: "ci"; repository: string; report: CiReport; runnerJob?: RunnerJobReport }
  | { kind: "pull_request"; repository: string; pullRequest: PullRequestEvent }
  // An explicit request to deploy (the deploy hook): a null ref means the service's branch, a null sha
  // that branch's head.
  | { kind: "deploy"; ref: string | null; sha: string | null };

export interface ParsedDelivery {
  event: string;
  action: string | null;
  normalized: WebhookEvent;
}

export interface ProviderAdapter {
  provider: WebhookProvider | "deploy_hook";
  // Headers that carry the shared secret itself, never stored.
  secretHeaders: readonly string[];
  event(headers: Headers): string | null;
  deliveryId(headers: Headers): string | null;
  // Whether the request carries a signature (or token) at all: one without is refused unread.
  signed(headers: Headers): boolean;
  verify(secret: string, raw: Buffer, headers: Headers): Promise<boolean>;
  // The repository a payload is about, read before verification to pick a connection by repository.
  repository(payload: unknown): string | null;
  parse(event: string, payload: unknown): ParsedDelivery;
  // The deploy hook accepts an empty body; providers always send one.
  emptyBodyAllowed?: boolean;
  // Form-encoded bodies (`payload=<json>`), which GitHub and Gitea can be set to send.
  formBodies?: boolean;
  // A provider's connection test that may arrive unsigned: answered as a no-op ping, never acted on.
  isUnsignedTest?(event: string | null, headers: Headers): boolean;
}

// A body whose signature is valid but whose content is not what the provider sends for that event.
export class PayloadError extends Error {
  override name = "PayloadError";
}

// The first thing wrong with a payload, by path: never the offending value, which may be long or hostile.
export function invalidPayload(what: string, error: z.ZodError): PayloadError {
  const issue = error.issues[0];
  const path = issue?.path.join(".");
  return new PayloadError(`Not a ${what} payload: ${path ? `${path}: ` : ""}${issue?.message ?? "invalid"}`);
}

// Deleted refs: 40 zeros, or 64 in SHA-256 repositories.
export function isZeroSha(sha: string | null | undefined): boolean {
  return typeof sha === "string" && /^0{40}(0{24})?$/.test(sha);
}

// A push that moved one ref, as GitHub, GitLab and Gitea describe it.
export function singleRefPush(repository: string, ref: string, after: string, headCommit: Commit | null, deleted = false): WebhookEvent {
  return { kind: "push", repository, updates: [{ ref, after: deleted || isZeroSha(after) ? null : after, headCommit }] };
}
