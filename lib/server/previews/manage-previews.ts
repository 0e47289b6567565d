// What a service's owner (or an admin) sees and does with its previews: the list with each one's state and
// address, approving a waiting pull request's head commit, stopping one, and the settings.
import type { Preview } from "@/lib/generated/prisma/client";
import { ApiError } from "@/lib/server/api-error";
import type { Actor } from "@/lib/server/auth/access";
import { db } from "@/lib/server/db";
import { enqueue } from "@/lib/server/outbox/enqueue";
import { getServiceOrThrow } from "@/lib/server/services/get-service-or-throw";
import { shortSha } from "@/lib/shared/git/short-sha";
import type { PreviewSettingsInput } from "@/lib/shared/validations/preview";
import { openPreviewEnvVars, sealPreviewEnvVars } from "./preview-services";
import { build, stop } from "./track-pull-request";

const withDeployment = {
  previewService: { select: { deployments: { orderBy: { sequence: "desc" as const }, take: 1, select: { id: true, status: true, commitSha: true, url: true, error: true } } } },
};

type Listed = Preview & { previewService: { deployments: { id: string; status: string; commitSha: string | null; url: string | null; error: string | null }[] } | null };

export function serializePreview(preview: Listed) {
  const deployment = preview.previewService?.deployments[0] ?? null;
  return {
    id: preview.id,
    number: preview.number,
    title: preview.title,
    author: preview.author,
    head_sha: preview.headSha,
    head_ref: preview.headRef,
    head_repository: preview.headRepository,
    from_fork: preview.fromFork,
    state: preview.state,
    approval_reason: preview.state === "awaiting_approval" ? preview.approvalReason : null,
    deployment: deployment ? { id: deployment.id, status: deployment.status, commit_sha: deployment.commitSha, url: deployment.url } : null,
    url: deployment?.status === "live" ? deployment.url : null,
    comment_error: preview.commentError,
    updated_at: preview.updatedAt.toISOString(),
    closed_at: preview.closedAt?.toISOString() ?? null,
  };
}

export type PreviewResponse = ReturnType<typeof serializePreview>;

export async function listPreviews(actor: Actor, serviceId: string) {
  await getServiceOrThrow(actor, serviceId);
  const service = await db.service.findUniqueOrThrow({ where: { id: serviceId }, omit: { previewEnvVarsEncrypted: false } });
  // Open ones first, then the 20 most recently closed.
  const previews = await db.preview.findMany({ where: { serviceId }, orderBy: [{ closedAt: { sort: "desc", nulls: "first" } }, { number: "desc" }], take: 50, include: withDeployment });
  return {
    settings: {
      enabled: service.previewsEnabled,
      max_concurrent: service.maxPreviews,
      env_var_names: Object.keys(openPreviewEnvVars(service)).sort(),
      shared_env_keys: service.sharedEnvKeys,
    },
    previews: previews.map(serializePreview),
  };
}

async function previewOrThrow(actor: Actor, id: string) {
  const preview = await db.preview.findUnique({ where: { id } });
  // Another user's preview answers like a missing one (getServiceOrThrow's rule).
  if (!preview) throw new ApiError({ code: "not_found", message: `Preview ${id} not found` });
  await getServiceOrThrow(actor, preview.serviceId);
  return preview;
}

// A member vouches for this head commit: it is built now; a later push waits for approval again.
export async function approvePreview(actor: Actor, id: string) {
  const found = await previewOrThrow(actor, id);
  if (found.state !== "awaiting_approval") throw new ApiError({ code: "conflict", message: `Pull request #${found.number}'s preview is ${found.state.replace("_", " ")}: nothing waits for approval` });
  const outcome = await db.$transaction(async (tx) => {
    await tx.$executeRaw`SELECT pg_advisory_xact_lock(hashtextextended(${`previews:${found.serviceId}`}, 0))`;
    const parent = await tx.service.findUniqueOrThrow({ where: { id: found.serviceId }, omit: { envVarsEncrypted: false, gitAuthEncrypted: false, previewEnvVarsEncrypted: false } });
    const preview = await tx.preview.update({ where: { id }, data: { approvedById: actor.id, approvedSha: found.headSha, state: "active" } });
    await enqueue(tx, { name: "preview/changed", data: { previewId: id } });
    return build(tx, parent, preview);
  });
  return { message: `Approved ${shortSha(found.headSha)} of pull request #${found.number}: ${outcome.message}`, deployment_id: outcome.deploymentId ?? null };
}

export async function stopPreview(actor: Actor, id: string) {
  const preview = await previewOrThrow(actor, id);
  if (preview.state === "closed" || preview.state === "stopped") return;
  await db.$transaction((tx) => stop(tx, preview, "stopped"));
}

export async function updatePreviewSettings(actor: Actor, serviceId: string, input: PreviewSettingsInput) {
  await getServiceOrThrow(actor, serviceId);
  await db.$transaction(async (tx) => {
    await tx.$executeRaw`SELECT pg_advisory_xact_lock(hashtextextended(${`previews:${serviceId}`}, 0))`;
    const service = await tx.service.findUniqueOrThrow({ where: { id: serviceId }, omit: { previewEnvVarsEncrypted: false } });
    let sealed = service.previewEnvVarsEncrypted;
    if (input.env_vars) {
      const vars: Record<string, string> = { ...openPreviewEnvVars(service) };
      for (const [key, value] of Object.entries(input.env_vars)) {
        if (value === null) delete vars[key];
        else vars[key] = value;
      }
      sealed = sealPreviewEnvVars(vars, serviceId);
    }
    await tx.service.update({
      where: { id: serviceId },
      data: { previewsEnabled: input.enabled, maxPreviews: input.max_concurrent, sharedEnvKeys: input.shared_env_keys, previewEnvVarsEncrypted: sealed },
    });
    // Turned off: the running previews go too.
    if (input.enabled === false) {
      for (const preview of await tx.preview.findMany({ where: { serviceId, previewServiceId: { not: null } } })) await stop(tx, preview, "stopped");
    }
  });
  return listPreviews(actor, serviceId);
}
