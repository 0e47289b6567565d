import { ApiError } from "@/lib/server/api-error";
import { visibleServices, type Actor } from "@/lib/server/auth/access";
import { db } from "@/lib/server/db";

// Another user's service answers a member exactly like a missing one.
export async function getServiceOrThrow(actor: Actor, id: string) {
  const service = await db.service.findFirst({ where: { id, ...visibleServices(actor) } });
  if (!service) throw new ApiError({ code: "not_found", message: `Service ${id} not found` });
  return service;
}

export async function getServiceWithSecretsOrThrow(actor: Actor, id: string) {
  const service = await db.service.findFirst({
    where: { id, ...visibleServices(actor) },
    omit: { envVarsEncrypted: false, gitAuthEncrypted: false },
  });
  if (!service) throw new ApiError({ code: "not_found", message: `Service ${id} not found` });
  return service;
}
