// Called once when the server starts (instrumentation.ts): the embedded executor drives the functions at
// /api/inngest, or, with an Inngest server configured, the outbox is relayed to it.
import { db } from "@/lib/server/db";
import { env, workflowMode } from "@/lib/server/env";
import { logger } from "@/lib/server/logger";
import { createExecutor } from "./executor";
import { relayOutbox } from "./relay-outbox";
import { createSdkClient, httpTransport } from "./sdk-client";

export async function startWorkflow(): Promise<void> {
  const config = env();
  const log = logger.child({ component: "workflow" });
  if (workflowMode(config) === "inngest") {
    relayOutbox(db, log);
    log.info("workflow events go to the configured Inngest server");
    return;
  }
  if (!config.INNGEST_SIGNING_KEY) {
    log.error("INNGEST_SIGNING_KEY is not set: the embedded workflow executor cannot call /api/inngest, so nothing will deploy");
    return;
  }
  const executor = createExecutor({
    db,
    sdk: createSdkClient({ url: `${config.BERTH_INTERNAL_URL}/api/inngest`, signingKey: config.INNGEST_SIGNING_KEY, transport: httpTransport() }),
    logger: log,
  });
  await executor.start();
  log.info("embedded workflow executor started");
}
