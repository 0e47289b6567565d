import { db } from "@/lib/db";
import { getServiceOrThrow } from "./get-service-or-throw";

export async function deleteService(ownerId: string, id: string) {
  const service = await getServiceOrThrow(ownerId, id);
  await db.service.delete({ where: { id: service.id } });
}
