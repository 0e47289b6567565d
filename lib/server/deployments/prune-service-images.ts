// Old images would fill the engine's disk: after a deployment goes live, keep the images of deployments
// under way or live and of the newest few that were live before (the rollback targets), remove the rest.
import { db } from "@/lib/server/db";
import { env } from "@/lib/server/env";
import { listRepositoryTags, removeTag } from "@/lib/server/runtime/images";
import { reachableEngine } from "@/lib/server/runtime/docker";
import { imageRepositoryFor, imageTagFor } from "@/lib/server/runtime/image-names";
import { ACTIVE_STATUSES } from "@/lib/shared/deployments/statuses";

export async function pruneServiceImages(serviceId: string, keep = env().BERTH_KEEP_IMAGES) {
  const service = await db.service.findUnique({ where: { id: serviceId }, select: { slug: true } });
  if (!service) return { removed: [] };
  const [current, earlier] = await Promise.all([
    db.deployment.findMany({ where: { serviceId, status: { in: [...ACTIVE_STATUSES, "live"] } }, select: { imageTag: true, commitSha: true } }),
    db.deployment.findMany({ where: { serviceId, status: "superseded", imageTag: { not: null }, imagePrunedAt: null }, orderBy: { finishedAt: "desc" }, select: { imageTag: true } }),
  ]);
  // A build tags its image before its deployment records it; the tag follows from the commit. One whose
  // commit is not known yet (the head of a branch, before its checkout) holds pruning off until next time.
  if (current.some((deployment) => !deployment.imageTag && !deployment.commitSha)) return { removed: [] };
  const underWay = current.flatMap((deployment) => [deployment.imageTag, deployment.commitSha && imageTagFor(service.slug, deployment.commitSha)]);
  const kept = new Set([...underWay, ...uniqueTags(earlier).slice(0, keep)]);

  const docker = await reachableEngine();
  const removed: string[] = [];
  for (const tag of await listRepositoryTags(docker, imageRepositoryFor(service.slug))) {
    if (!kept.has(tag) && (await removeTag(docker, tag))) removed.push(tag);
  }
  // Their deployments can no longer be rolled back to; the history says so instead of offering it.
  if (removed.length > 0) await db.deployment.updateMany({ where: { serviceId, imageTag: { in: removed }, imagePrunedAt: null }, data: { imagePrunedAt: new Date() } });
  return { removed };
}

function uniqueTags(deployments: { imageTag: string | null }[]): string[] {
  return [...new Set(deployments.flatMap((deployment) => (deployment.imageTag ? [deployment.imageTag] : [])))];
}
