import { db } from "@/lib/server/db";
import { env, workflowMode } from "@/lib/server/env";
import { logger } from "@/lib/server/logger";
import { connectDocker, engineStatus } from "@/lib/server/runtime/docker";

// The app can serve when its database answers; the Docker engine only matters for deployments.
export async function getHealth() {
  const config = env();
  const [database, docker] = await Promise.all([
    db.$queryRaw`SELECT 1`.then(
      () => "ok" as const,
      (error: unknown) => {
        logger.error({ err: error }, "health check: database query failed");
        return "error" as const;
      },
    ),
    engineStatus(connectDocker(config, 5_000), config.DOCKER_HOST),
  ]);
  return {
    status: database,
    database,
    database_mode: config.BERTH_DATABASE_EMBEDDED ? ("embedded" as const) : ("external" as const),
    docker,
    workflow: { mode: workflowMode(config) },
  };
}
