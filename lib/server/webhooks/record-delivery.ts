// Records a verified delivery and acts on its decision: the audit row, the deployment and its workflow
// event are written in one statement, together or not at all, before the provider gets its answer.
// Duplicates are settled by partial unique indexes (see the webhook_ingestion migration), not locks, so a
// burst of deliveries for one service is written in parallel.
import type { DeliveryStatus, Prisma } from "@/lib/generated/prisma/client";
import { shortSha } from "@/lib/shared/git/short-sha";
import { trackCiRun } from "@/lib/server/ci/track-ci-run";
import { wantsSelfHosted } from "@/lib/server/runners/report";
import { trackRunnerJob } from "@/lib/server/runners/track-runner-job";
import { trackPullRequest } from "@/lib/server/previews/track-pull-request";
import { CI_ONLY_PUSH, type Decision } from "./decide";
import {
  connectionIsCurrent,
  findPriorWork,
  insertDelivery,
  insertQueuedDelivery,
  isUniqueViolation,
  StaleConnectionError,
  touchConnection,
  type ConnectionVersion,
  type DeliveryRow,
  type PriorWork,
} from "./delivery-store";

export interface VerifiedDelivery {
  provider: string;
  deliveryId: string | null;
  // null: a CI-only connection's delivery, which can never deploy.
  serviceId: string | null;
  connectionId: string | null;
  event: string;
  action: string | null;
  repository: string | null;
  headers: Record<string, string>;
  payload: Prisma.InputJsonValue | null;
  startedAt: number;
  trigger: "webhook" | "replay" | "deploy_hook";
  // A replay re-processes an earlier delivery (this is its row id): its delivery id is not a duplicate.
  replayOf?: string;
  // The connection as it was read for the decision: what records or acts on the delivery checks it is unchanged
  // (StaleConnectionError otherwise). null: read in the same request just before (a replay).
  guard: ConnectionVersion | null;
}

export interface Outcome {
  httpStatus: number;
  status: DeliveryStatus;
  body: Record<string, unknown>;
  deliveryRowId: string;
}

export async function recordVerifiedDelivery(delivery: VerifiedDelivery, decision: Decision | { kind: "disabled" }): Promise<Outcome> {
  const deploy = decision.kind === "deploy" ? decision : null;
  const row = (status: DeliveryStatus, reason: string | null): DeliveryRow => ({
    provider: delivery.provider,
    deliveryId: delivery.deliveryId,
    serviceId: delivery.serviceId,
    connectionId: delivery.connectionId,
    event: delivery.event,
    action: delivery.action,
    repository: delivery.repository,
    ref: deploy?.ref ?? null,
    commitSha: deploy?.commit.sha ?? null,
    signatureValid: true,
    headers: delivery.headers,
    payload: delivery.payload,
    replayOfId: delivery.replayOf ?? null,
    status,
    reason,
    answeredInMs: Math.round(performance.now() - delivery.startedAt),
  });
  const duplicate = () => {
    const message = `Delivery ${delivery.deliveryId} was already received`;
    return final(200, "duplicate", { status: "duplicate", message }, message);
  };
  // A concurrent copy that passed the prior-work check too loses on the unique index, and is a duplicate.
  const final = async (httpStatus: number, status: DeliveryStatus, body: Record<string, unknown>, reason: string | null): Promise<Outcome> => {
    try {
      return { httpStatus, status, body, deliveryRowId: await insertDelivery(row(status, reason), delivery.guard) };
    } catch (error) {
      if (status === "duplicate" || !isUniqueViolation(error)) throw error;
      return duplicate();
    }
  };
  const skipped = (deploymentId: string) => {
    const what = deploy?.commit.sha ? `commit ${shortSha(deploy.commit.sha)}` : `the head of ${deploy?.ref}`;
    const message = `Deployment for ${what} already exists`;
    return final(200, "skipped", { status: "skipped", message, deployment_id: deploymentId }, message);
  };
  const priorWork = {
    serviceId: delivery.serviceId,
    connectionId: delivery.connectionId,
    provider: delivery.provider,
    deliveryId: delivery.replayOf ? null : delivery.deliveryId,
    deploy: deploy ? { sha: deploy.commit.sha } : null,
  };
  const settle = (prior: PriorWork) => {
    if (prior.originalDeliveryRowId) return duplicate();
    if (prior.activeDeploymentId) return skipped(prior.activeDeploymentId);
    return null;
  };

  const touched = delivery.connectionId ? touchConnection(delivery.connectionId, decision.kind === "pong") : null;
  if (decision.kind === "deploy") {
    if (!delivery.serviceId) throw new Error(`Delivery ${delivery.deliveryId ?? "(no id)"} would deploy, but connection ${delivery.connectionId ?? "?"} has no service`);
    const serviceId = delivery.serviceId;
    await touched;
    try {
      const result = await insertQueuedDelivery(
        { ...row("queued", null), serviceId },
        { trigger: delivery.trigger, commitSha: decision.commit.sha, commitMessage: decision.commit.message, commitAuthor: decision.commit.author, ref: decision.ref },
        priorWork,
        delivery.guard,
      );
      if ("queued" in result) {
        return { httpStatus: 202, status: "queued", body: { status: "queued", deployment_id: result.queued.deploymentId }, deliveryRowId: result.queued.deliveryRowId };
      }
      const settled = settle(result.prior);
      if (settled) return settled;
    } catch (error) {
      if (!isUniqueViolation(error)) throw error;
    }
    // Lost a race to a concurrent copy of this delivery, or to another delivery of this commit.
    const settled = settle(await findPriorWork(priorWork));
    if (settled) return settled;
    throw new Error(`Delivery ${delivery.deliveryId ?? "(no id)"} for service ${serviceId} could be neither queued nor matched to prior work`);
  }

  const [, prior] = await Promise.all([touched, findPriorWork(priorWork)]);
  const settled = settle(prior);
  if (settled) return settled;
  // What acts beyond the audit row (CI runs, previews) must not act on a connection read before it changed.
  if ((decision.kind === "ci" || decision.kind === "preview") && delivery.guard && !(await connectionIsCurrent(delivery.guard))) {
    throw new StaleConnectionError(`Connection ${delivery.guard.connectionId} changed while delivery ${delivery.deliveryId ?? ""} was handled`);
  }
  switch (decision.kind) {
    case "disabled":
      return final(200, "ignored", { status: "disabled" }, "The repository connection is disabled");
    case "pong":
      return final(200, "processed", { status: "pong" }, "Ping");
    case "received":
      return final(200, "received", { status: "received", event: delivery.event, action: delivery.action }, null);
    case "ignored":
      return final(200, "ignored", { status: "ignored", message: decision.reason }, decision.reason);
    case "ci": {
      if (!delivery.connectionId) return final(200, "received", { status: "received", event: delivery.event, action: delivery.action }, null);
      const { summary } = await trackCiRun(delivery.connectionId, decision.report);
      const runner = decision.runnerJob && wantsSelfHosted(decision.runnerJob) ? await trackRunnerJob(delivery.connectionId, delivery.repository ?? "", decision.runnerJob) : null;
      const message = runner ? `${summary}. ${runner.summary}` : summary;
      return final(200, "processed", { status: "processed", message }, message);
    }
    case "preview": {
      if (!delivery.serviceId) return final(200, "ignored", { status: "ignored", message: CI_ONLY_PUSH }, CI_ONLY_PUSH);
      const outcome = await trackPullRequest(delivery.serviceId, decision.pullRequest);
      const body = { status: outcome.status, message: outcome.message, ...(outcome.deploymentId ? { deployment_id: outcome.deploymentId } : {}) };
      return final(200, outcome.status, body, outcome.message);
    }
  }
}

export interface RejectedDelivery {
  // rejected, or ignored for a provider's unsigned connection test.
  status?: "rejected" | "ignored";
  provider: string;
  deliveryId: string | null;
  serviceId: string | null;
  connectionId: string | null;
  event: string | null;
  signatureValid: boolean;
  reason: string;
  headers: Record<string, string>;
  startedAt: number;
  // A refused replay names the delivery it tried to re-process.
  replayOfId?: string | null;
}

// The audit row of a delivery that was refused: never its payload, which nothing vouches for.
export function recordRejectedDelivery({ status = "rejected", replayOfId = null, ...delivery }: RejectedDelivery): Promise<string> {
  return insertDelivery({
    ...delivery,
    action: null,
    repository: null,
    ref: null,
    commitSha: null,
    status,
    payload: null,
    replayOfId,
    answeredInMs: Math.round(performance.now() - delivery.startedAt),
  });
}
