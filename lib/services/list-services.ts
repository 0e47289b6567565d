import { db } from "@/lib/db";
import { openEnvVars } from "./service-secrets";
import { serializeService } from "./serialize-service";

export async function listServices(ownerId: string) {
  const services = await db.service.findMany({
    where: { ownerId },
    orderBy: { createdAt: "desc" },
    omit: { envVarsEncrypted: false },
  });
  return services.map(({ envVarsEncrypted, ...service }) => serializeService(service, Object.keys(openEnvVars(envVarsEncrypted))));
}
