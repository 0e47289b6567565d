import { ApiError } from "@/lib/api/errors";
import { db } from "@/lib/db";

// Another user's service answers exactly like a missing one.
export async function getServiceOrThrow(ownerId: string, id: string) {
  const service = await db.service.findFirst({ where: { id, ownerId } });
  if (!service) throw new ApiError({ code: "not_found", message: `Service ${id} not found` });
  return service;
}

export async function getServiceWithSecretsOrThrow(ownerId: string, id: string) {
  const service = await db.service.findFirst({
    where: { id, ownerId },
    omit: { envVarsEncrypted: false, gitAuthEncrypted: false },
  });
  if (!service) throw new ApiError({ code: "not_found", message: `Service ${id} not found` });
  return service;
}
