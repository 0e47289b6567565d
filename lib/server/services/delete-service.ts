import type { Actor } from "@/lib/server/auth/access";
import { db } from "@/lib/server/db";
import { enqueue } from "@/lib/server/outbox/enqueue";
import { getServiceOrThrow } from "./get-service-or-throw";

// The rows go now, its previews' with them; a service/deleted event for each (same transaction) cancels
// its deploys and removes its containers and route.
export async function deleteService(actor: Actor, id: string) {
  const service = await getServiceOrThrow(actor, id);
  await db.$transaction(async (tx) => {
    const previews = await tx.service.findMany({ where: { previewOfId: service.id }, select: { id: true, slug: true, target: true } });
    await tx.service.delete({ where: { id: service.id } });
    for (const gone of [service, ...previews]) await enqueue(tx, { name: "service/deleted", data: { serviceId: gone.id, slug: gone.slug, target: gone.target } });
  });
}
