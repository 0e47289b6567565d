// Called once when the server starts (instrumentation.ts): the embedded executor drives the functions at
// /api/inngest, or, with an Inngest server configured, the outbox is relayed to it (and no executor runs).
// Returns what stops the relay or the executor.
import { db } from "@/lib/server/db";
import { env, workflowMode } from "@/lib/server/env";
import { subscribeLive } from "@/lib/server/live/live-events";
import { logger } from "@/lib/server/logger";
import { scheduleSweeps } from "@/lib/server/previews/sweep-previews";
import { scheduleSwarmRouteFollowing } from "@/lib/server/deployments/targets/follow-swarm-routes";
import { scheduleConvergence } from "@/lib/server/deployments/converge-runtime";
import { scheduleReconciliation } from "@/lib/server/deployments/reconcile-pushes";
import { createExecutor } from "./executor";
import { relayOutbox } from "./relay-outbox";
import { createSdkClient, httpTransport } from "./sdk-client";

export async function startWorkflow(): Promise<() => Promise<void>> {
  const config = env();
  const log = logger.child({ component: "workflow" });
  if (workflowMode(config) === "inngest") {
    const stopRelay = relayOutbox(db, log);
    scheduleSweeps();
    const stopFollowing = scheduleSwarmRouteFollowing();
    const stopConverging = scheduleConvergence({ embeddedExecutor: false });
    const stopReconciling = scheduleReconciliation();
    log.info("workflow events go to the configured Inngest server");
    return async () => {
      stopRelay();
      stopFollowing();
      stopConverging();
      stopReconciling();
    };
  }
  if (!config.INNGEST_SIGNING_KEY) {
    log.error("INNGEST_SIGNING_KEY is not set: the embedded workflow executor cannot call /api/inngest, so nothing will deploy");
    return async () => {};
  }
  const executor = createExecutor({
    db,
    sdk: createSdkClient({ url: `${config.BERTH_INTERNAL_URL}/api/inngest`, signingKey: config.INNGEST_SIGNING_KEY, transport: httpTransport() }),
    logger: log,
  });
  await executor.start();
  // Each committed workflow event wakes it at once instead of at its next poll (which still runs, so a
  // database that cannot LISTEN yet only costs that).
  await subscribeLive((event) => {
    if (event.type === "outbox") executor.nudge();
  }).catch((error: unknown) => log.warn({ err: error }, "workflow events wake the executor at its next poll only"));
  log.info("embedded workflow executor started");
  scheduleSweeps();
  const stopFollowing = scheduleSwarmRouteFollowing();
  const stopConverging = scheduleConvergence({ embeddedExecutor: true });
  const stopReconciling = scheduleReconciliation();
  return async () => {
    stopFollowing();
    stopConverging();
    stopReconciling();
    await executor.stop();
  };
}
