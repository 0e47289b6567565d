// Pushes whose delivery never came: GitHub does not retry a failed delivery and sends nothing for a push of more
// than 3 refs, GitLab disables a hook that failed 4 times. For every service whose connection deploys pushes, the
// watched branch's head at the remote (`git ls-remote`, the build's own credential) is compared with the commits
// Berth has deployments of; a head no deployment has, seen for longer than the grace period (the delivery may be
// on its way), is queued with trigger `reconciled`, and the owner is told which push did not arrive. At most
// PER_HOST_LIMIT remotes are asked per Git host per pass.
import { db } from "@/lib/server/db";
import { env } from "@/lib/server/env";
import { logger } from "@/lib/server/logger";
import { notify } from "@/lib/server/notifications/notify";
import { enqueue } from "@/lib/server/outbox/enqueue";
import { checkRemote, configuredRemotePolicy } from "@/lib/server/git/remote-policy";
import { remoteBranchHead } from "@/lib/server/git/remote-head";
import { PROVIDER_LABELS } from "@/lib/shared/providers/labels";
import { shortSha } from "@/lib/shared/git/short-sha";
import { gitCredential } from "./git-credential";

export const PER_HOST_LIMIT = 60;
// A push delivered late is not a missed one: a head must stay unannounced this long.
export const RECONCILE_GRACE_MS = 120_000;

export type Reconciliation = { checked: number; queued: { service: string; sha: string; deploymentId: string }[]; problems: string[]; skipped: number };

// firstSeen: when this process first saw each service's unknown head (serviceId → sha and time).
const firstSeen = new Map<string, { sha: string; at: number }>();

export async function reconcilePushes(options: { graceMs: number; now?: number }): Promise<Reconciliation> {
  const now = options.now ?? Date.now();
  const result: Reconciliation = { checked: 0, queued: [], problems: [], skipped: 0 };
  const services = await db.service.findMany({
    // A service never deployed has no commit to compare with.
    where: { previewOfId: null, connection: { isEnabled: true, events: { has: "push" } }, deployments: { some: {} } },
    include: { connection: true, previewOf: { select: { connection: true } } },
    omit: { gitAuthEncrypted: false, envVarsEncrypted: false },
    orderBy: { createdAt: "asc" },
  });
  const askedPerHost = new Map<string, number>();
  const policy = configuredRemotePolicy();
  for (const service of services) {
    const host = hostOf(service.cloneUrl);
    const asked = askedPerHost.get(host) ?? 0;
    if (asked >= PER_HOST_LIMIT) {
      result.skipped++;
      continue;
    }
    askedPerHost.set(host, asked + 1);
    let head: string | null;
    try {
      const remote = await checkRemote(service.cloneUrl, policy);
      head = await remoteBranchHead(remote, await gitCredential(service), service.branch);
    } catch (error) {
      result.problems.push(`${service.name}: ${error instanceof Error ? error.message : String(error)}`);
      continue;
    }
    result.checked++;
    if (!head) continue;
    const known = await db.deployment.findFirst({ where: { serviceId: service.id, commitSha: head }, select: { id: true } });
    if (known) {
      firstSeen.delete(service.id);
      continue;
    }
    const seen = firstSeen.get(service.id);
    if (seen?.sha !== head) firstSeen.set(service.id, { sha: head, at: now });
    if (now - (seen?.sha === head ? seen.at : now) < options.graceMs) continue;
    const queued = await queueOnce(service.id, head, `refs/heads/${service.branch}`);
    if (!queued) continue;
    firstSeen.delete(service.id);
    const provider = service.connection?.provider ?? service.provider;
    const who = provider === "git" ? "The Git server" : PROVIDER_LABELS[provider];
    await notify({
      type: "push_reconciled",
      serviceId: service.id,
      deploymentId: queued,
      severity: "warning",
      message: `${who} did not deliver the push of ${shortSha(head)} to ${service.branch}; deploying it now`,
    });
    result.queued.push({ service: service.name, sha: head, deploymentId: queued });
  }
  return result;
}

// Under a per-service lock, so two instances reconciling at once queue the commit once.
async function queueOnce(serviceId: string, sha: string, ref: string): Promise<string | null> {
  return db.$transaction(async (tx) => {
    await tx.$executeRaw`SELECT pg_advisory_xact_lock(hashtext(${`reconcile:${serviceId}`}))`;
    if (await tx.deployment.findFirst({ where: { serviceId, commitSha: sha }, select: { id: true } })) return null;
    const deployment = await tx.deployment.create({ data: { serviceId, trigger: "reconciled", commitSha: sha, ref } });
    await enqueue(tx, { name: "deploy/requested", data: { deploymentId: deployment.id, serviceId } });
    return deployment.id;
  });
}

function hostOf(cloneUrl: string): string {
  try {
    return new URL(cloneUrl).host || "local";
  } catch {
    return cloneUrl.slice(cloneUrl.indexOf("@") + 1, cloneUrl.indexOf(":")) || "unknown";
  }
}

// Asks the workflow for a pass now and every BERTH_RECONCILE_MINUTES while this process runs.
export function scheduleReconciliation(): () => void {
  const request = () => {
    enqueue(db, { name: "push/reconcile", data: {} }).catch((error: unknown) => logger.warn({ err: error }, "could not schedule a missed-push check"));
  };
  request();
  const timer = setInterval(request, env().BERTH_RECONCILE_MINUTES * 60_000).unref();
  return () => clearInterval(timer);
}

export function logReconciliation(outcome: Reconciliation): void {
  if (outcome.queued.length > 0 || outcome.problems.length > 0 || outcome.skipped > 0) {
    logger.info({ component: "reconcile", ...outcome }, "compared watched branches with what was deployed");
  }
}
