// A pull request's delivery, applied to its preview in one transaction (serialized per service, so the
// preview limit holds under concurrent deliveries): opened or moved → the head commit is built as a
// deployment of the preview's own service, unless it must wait for a member's approval (a fork, or an author
// without write access: approval is for one head commit, so a new push waits again); closed → the preview's
// service is removed. Beyond the service's limit, the oldest preview is stopped. The pull
// request's comment is brought up to date by comment-on-pull-request (preview/changed).
import type { Preview, Prisma, Service } from "@/lib/generated/prisma/client";
import { db } from "@/lib/server/db";
import { publishLive } from "@/lib/server/live/live-events";
import { notify } from "@/lib/server/notifications/notify";
import { enqueue } from "@/lib/server/outbox/enqueue";
import type { PullRequestEvent } from "./pull-request";
import { shortSha } from "@/lib/shared/git/short-sha";
import { createPreviewService, refreshPreviewEnvironment, removePreviewService } from "./preview-services";

type Tx = Prisma.TransactionClient;

// Anyone may open pull requests on a public repository: at most this many of a service's are tracked at once
// (waiting or active or stopped), and of the closed ones the newest CLOSED_KEPT are kept.
export const OPEN_PREVIEWS_TRACKED = 100;
const CLOSED_KEPT = 200;

export type PreviewOutcome = { status: "processed" | "ignored"; message: string; deploymentId?: string };

export async function trackPullRequest(serviceId: string, pr: PullRequestEvent): Promise<PreviewOutcome> {
  const { outcome, ownerId, waiting } = await apply(serviceId, pr);
  if (!ownerId) return outcome;
  // A pull request that waits for approval waits for someone: its owner is told.
  if (waiting) await notify({ type: "preview_awaiting_approval", serviceId, severity: "warning", message: outcome.message });
  await publishLive({ type: "preview", userId: ownerId, serviceId });
  return outcome;
}

function apply(serviceId: string, pr: PullRequestEvent): Promise<{ outcome: PreviewOutcome; ownerId: string | null; waiting: boolean }> {
  return db.$transaction(async (tx) => {
    await tx.$executeRaw`SELECT pg_advisory_xact_lock(hashtextextended(${`previews:${serviceId}`}, 0))`;
    const parent = await tx.service.findUnique({ where: { id: serviceId }, omit: { envVarsEncrypted: false, gitAuthEncrypted: false, previewEnvVarsEncrypted: false } });
    if (!parent) return { outcome: { status: "ignored", message: "The service no longer exists" }, ownerId: null, waiting: false };
    const result = (outcome: PreviewOutcome, waiting = false) => ({ outcome, ownerId: parent.ownerId, waiting });
    const existing = await tx.preview.findUnique({ where: { serviceId_number: { serviceId, number: pr.number } } });
    if (pr.action === "close") return result(await close(tx, existing, pr));
    if (!parent.previewsEnabled) return result({ status: "ignored", message: `Previews are off for ${parent.name}: pull request #${pr.number} builds nothing` });
    if (pr.action === "update" && existing?.state === "closed") return result({ status: "ignored", message: `Pull request #${pr.number} is closed: its preview stays removed` });

    if (!existing || existing.state === "closed") {
      const tracked = await tx.preview.count({ where: { serviceId, state: { not: "closed" } } });
      if (tracked >= OPEN_PREVIEWS_TRACKED) {
        return result({ status: "ignored", message: `${parent.name} already tracks ${OPEN_PREVIEWS_TRACKED} open pull requests: #${pr.number} gets no preview until some close` });
      }
    }
    const fork = pr.headRepository.toLowerCase() !== pr.baseRepository.toLowerCase();
    const approvalReason = fork ? `it comes from a fork (${pr.headRepository})` : pr.authorCanWrite === false ? `${pr.author} cannot write to the repository` : null;
    const fields = { title: pr.title, author: pr.author, headSha: pr.headSha, headRef: pr.headRef, headRepository: pr.headRepository, fromFork: fork, approvalReason, closedAt: null };
    // An approval holds for the head commit it was given for. Bitbucket names no full commit: its approval
    // lasts until the next push.
    const sameHead = pr.headSha === null ? pr.action !== "update" : existing?.approvedSha === pr.headSha;
    const approved = approvalReason === null || (Boolean(existing?.approvedById) && sameHead);
    const preview = existing
      ? await tx.preview.update({ where: { id: existing.id }, data: { ...fields, state: approved ? "active" : "awaiting_approval" } })
      : await tx.preview.create({ data: { ...fields, serviceId, number: pr.number, state: approved ? "active" : "awaiting_approval" } });
    await changed(tx, preview.id);
    if (!approved) {
      return result({ status: "processed", message: `Pull request #${pr.number} of ${parent.name} waits for a member to approve its preview in Berth: ${approvalReason}` }, true);
    }
    return result(await build(tx, parent, preview));
  });
}

// The preview's head commit as a deployment of its own service (made now if it has none).
export async function build(tx: Tx, parent: Service, preview: Preview): Promise<PreviewOutcome> {
  let serviceId = preview.previewServiceId;
  if (!serviceId) {
    await makeRoom(tx, parent, preview.id);
    serviceId = (await createPreviewService(tx, parent, preview.number, preview.headRef)).id;
    await tx.preview.update({ where: { id: preview.id }, data: { previewServiceId: serviceId, state: "active" } });
  } else {
    // Each build takes the preview variables as they are now.
    await refreshPreviewEnvironment(tx, parent, serviceId);
  }
  const duplicate = preview.headSha
    ? await tx.deployment.findFirst({ where: { serviceId, commitSha: preview.headSha, status: { in: ["queued", "building", "deploying", "live"] } }, select: { id: true } })
    : null;
  if (duplicate) return { status: "processed", message: `The preview of pull request #${preview.number} already has ${shortSha(preview.headSha)}`, deploymentId: duplicate.id };
  const deployment = await tx.deployment.create({
    data: { serviceId, trigger: "webhook", commitSha: preview.headSha, ref: `refs/heads/${preview.headRef}`, commitMessage: preview.title, commitAuthor: preview.author },
  });
  await enqueue(tx, { name: "deploy/requested", data: { deploymentId: deployment.id, serviceId } });
  return { status: "processed", message: `Building the preview of pull request #${preview.number} at ${shortSha(preview.headSha)}`, deploymentId: deployment.id };
}

// At most maxPreviews run at once: the oldest stop to make room for this one.
async function makeRoom(tx: Tx, parent: Service, keepId: string): Promise<void> {
  const running = await tx.preview.findMany({
    where: { serviceId: parent.id, previewServiceId: { not: null }, id: { not: keepId } },
    orderBy: { createdAt: "asc" },
    select: { id: true, previewServiceId: true },
  });
  const excess = running.slice(0, Math.max(0, running.length - (parent.maxPreviews - 1)));
  for (const preview of excess) await stop(tx, preview, "stopped");
}

export async function stop(tx: Tx, preview: Pick<Preview, "id" | "previewServiceId">, state: "stopped" | "closed"): Promise<void> {
  await removePreviewService(tx, preview.previewServiceId);
  await tx.preview.update({ where: { id: preview.id }, data: { state, previewServiceId: null, ...(state === "closed" ? { closedAt: new Date() } : {}) } });
  await changed(tx, preview.id);
}

async function close(tx: Tx, preview: Preview | null, pr: PullRequestEvent): Promise<PreviewOutcome> {
  if (!preview || preview.state === "closed") return { status: "ignored", message: `Pull request #${pr.number} closed: it had no preview` };
  await stop(tx, preview, "closed");
  const oldest = await tx.preview.findMany({ where: { serviceId: preview.serviceId, state: "closed" }, orderBy: { closedAt: "desc" }, skip: CLOSED_KEPT, select: { id: true } });
  if (oldest.length > 0) await tx.preview.deleteMany({ where: { id: { in: oldest.map((row) => row.id) } } });
  return { status: "processed", message: `Pull request #${pr.number} closed: its preview is removed` };
}

async function changed(tx: Tx, previewId: string): Promise<void> {
  await enqueue(tx, { name: "preview/changed", data: { previewId } });
}
