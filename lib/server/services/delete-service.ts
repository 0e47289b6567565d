import type { Actor } from "@/lib/server/auth/access";
import { db } from "@/lib/server/db";
import { enqueue } from "@/lib/server/outbox/enqueue";
import { getServiceOrThrow } from "./get-service-or-throw";

// The rows go now; the service/deleted event (same transaction) cancels its deploys and removes its
// containers and route.
export async function deleteService(actor: Actor, id: string) {
  const service = await getServiceOrThrow(actor, id);
  await db.$transaction([
    db.service.delete({ where: { id: service.id } }),
    enqueue(db, { name: "service/deleted", data: { serviceId: service.id, slug: service.slug } }),
  ]);
}
