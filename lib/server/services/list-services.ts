import { listedServices, type Actor } from "@/lib/server/auth/access";
import { db } from "@/lib/server/db";
import type { ListScope } from "@/lib/shared/validations/list-scope";
import { openEnvVars } from "./service-secrets";
import { serializeService } from "./serialize-service";

// The dashboard's view: each service with what is live, when it last deployed and how its webhook is.
// Everyone's (admins only) name their owners.
export async function listServices(actor: Actor, scope: ListScope = "mine") {
  const services = await db.service.findMany({
    // A preview's own service is shown with its pull request, on the previewed service's page.
    where: { ...listedServices(actor, scope), previewOfId: null },
    orderBy: { createdAt: "desc" },
    omit: { envVarsEncrypted: false },
    include: {
      connection: { select: { id: true, webhookStatus: true, isEnabled: true, lastError: true } },
      owner: { select: { email: true, name: true } },
      deployments: { where: { status: "live" }, take: 1, select: { id: true, commitSha: true, url: true, finishedAt: true } },
    },
  });
  const latest = await db.deployment.groupBy({ by: ["serviceId"], where: { serviceId: { in: services.map((service) => service.id) } }, _max: { createdAt: true } });
  const lastDeployedAt = new Map(latest.map((row) => [row.serviceId, row._max.createdAt]));
  return services.map(({ envVarsEncrypted, connection, deployments, owner, ...service }) => {
    const live = deployments[0];
    return {
      ...serializeService(service, Object.keys(openEnvVars(envVarsEncrypted, service.id))),
      live_deployment: live ? { id: live.id, commit_sha: live.commitSha, url: live.url, finished_at: live.finishedAt?.toISOString() ?? null } : null,
      last_deployed_at: lastDeployedAt.get(service.id)?.toISOString() ?? null,
      // Another user's service (only admins see those): whose it is.
      owned_by: service.ownerId === actor.id ? null : { email: owner.email, name: owner.name },
      webhook: connection
        ? { connection_id: connection.id, status: connection.webhookStatus, is_enabled: connection.isEnabled, last_error: connection.lastError }
        : null,
    };
  });
}

export type ServiceSummary = Awaited<ReturnType<typeof listServices>>[number];
