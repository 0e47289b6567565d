// What a verified delivery means for a service: pure, so every rule is tested without a request.
import { shortSha } from "@/lib/shared/git/short-sha";
import type { CiReport } from "@/lib/server/ci/report";
import type { RunnerJobReport } from "@/lib/server/runners/report";
import type { PullRequestEvent } from "@/lib/server/previews/pull-request";
import type { Commit, WebhookEvent } from "./types";

export type Decision =
  | { kind: "pong" }
  | { kind: "received" }
  // A CI run moved: tracked for incidents, never deployed.
  | { kind: "ci"; report: CiReport; runnerJob?: RunnerJobReport }
  | { kind: "ignored"; reason: string }
  // A pull request moved: its preview is opened, updated or removed (lib/server/previews), if the service has previews.
  | { kind: "preview"; pullRequest: PullRequestEvent }
  // A null sha is the branch head, resolved when the build starts (a deploy hook that names no commit).
  | { kind: "deploy"; ref: string; commit: Omit<Commit, "sha"> & { sha: string | null } };

const SKIP_MARKER = /\[(skip ci|skip deploy)\]/i;

export function shortRef(ref: string): string {
  return ref.replace(/^refs\/(heads|tags)\//, "");
}

export const CI_ONLY_PUSH = "This connection watches CI only: pushes deploy nothing";

// service: what the connection deploys, or null for a CI-only connection.
export function decide(event: WebhookEvent, service: { branch: string; deployTags: boolean } | null): Decision {
  if (event.kind === "ping") return { kind: "pong" };
  if (event.kind === "other") return { kind: "received" };
  if (event.kind === "ci") return { kind: "ci", report: event.report, runnerJob: event.runnerJob };
  if (!service) return { kind: "ignored", reason: CI_ONLY_PUSH };
  if (event.kind === "pull_request") return { kind: "preview", pullRequest: event.pullRequest };
  if (event.kind === "deploy") {
    const branch = event.ref ? shortRef(event.ref) : service.branch;
    if (branch !== service.branch) return { kind: "ignored", reason: `Push to '${branch}' ignored (only '${service.branch}' triggers deployment)` };
    return { kind: "deploy", ref: `refs/heads/${branch}`, commit: { sha: event.sha, message: null, author: null } };
  }

  const branchRef = `refs/heads/${service.branch}`;
  const update =
    event.updates.find((candidate) => candidate.ref === branchRef) ??
    (service.deployTags ? event.updates.find((candidate) => candidate.ref.startsWith("refs/tags/")) : undefined);

  if (!update) {
    const first = event.updates[0];
    if (!first) return { kind: "ignored", reason: "Push changed no branch or tag" };
    if (first.ref.startsWith("refs/tags/")) {
      return { kind: "ignored", reason: `Tag push '${shortRef(first.ref)}' ignored (this service does not deploy tags)` };
    }
    return { kind: "ignored", reason: `Push to '${shortRef(first.ref)}' ignored (only '${service.branch}' triggers deployment)` };
  }
  if (update.after === null) {
    return { kind: "ignored", reason: `'${shortRef(update.ref)}' was deleted; the running version keeps serving` };
  }
  const message = update.headCommit?.message ?? null;
  const marker = message ? SKIP_MARKER.exec(message) : null;
  if (marker) return { kind: "ignored", reason: `Commit ${shortSha(update.after)} asks to skip deployment (${marker[0]})` };

  return { kind: "deploy", ref: update.ref, commit: { sha: update.after, message, author: update.headCommit?.author ?? null } };
}
