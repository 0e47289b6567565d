import { db } from "@/lib/db";
import { openEnvVars } from "./service-secrets";
import { serializeService } from "./serialize-service";

// The dashboard's view: each service with what is live, when it last deployed and how its webhook is.
export async function listServices(ownerId: string) {
  const services = await db.service.findMany({
    where: { ownerId },
    orderBy: { createdAt: "desc" },
    omit: { envVarsEncrypted: false },
    include: {
      connection: { select: { id: true, webhookStatus: true, isEnabled: true, lastError: true } },
      deployments: { where: { status: "live" }, take: 1, select: { id: true, commitSha: true, url: true, finishedAt: true } },
    },
  });
  const latest = await db.deployment.groupBy({ by: ["serviceId"], where: { serviceId: { in: services.map((service) => service.id) } }, _max: { createdAt: true } });
  const lastDeployedAt = new Map(latest.map((row) => [row.serviceId, row._max.createdAt]));
  return services.map(({ envVarsEncrypted, connection, deployments, ...service }) => {
    const live = deployments[0];
    return {
      ...serializeService(service, Object.keys(openEnvVars(envVarsEncrypted))),
      live_deployment: live ? { id: live.id, commit_sha: live.commitSha, url: live.url, finished_at: live.finishedAt?.toISOString() ?? null } : null,
      last_deployed_at: lastDeployedAt.get(service.id)?.toISOString() ?? null,
      webhook: connection
        ? { connection_id: connection.id, status: connection.webhookStatus, is_enabled: connection.isEnabled, last_error: connection.lastError }
        : null,
    };
  });
}

export type ServiceSummary = Awaited<ReturnType<typeof listServices>>[number];
