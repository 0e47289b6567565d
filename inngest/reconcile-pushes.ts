// push/reconcile (at start and every BERTH_RECONCILE_MINUTES) → deploy the branch heads no delivery announced.
import { logReconciliation, reconcilePushes, RECONCILE_GRACE_MS } from "@/lib/server/deployments/reconcile-pushes";
import { pushReconcile } from "@/lib/server/outbox/events";
import { inngest } from "./client";

export const reconcileMissedPushes = inngest.createFunction(
  { id: "reconcile-pushes", name: "Deploy pushes whose delivery never came", triggers: [pushReconcile], concurrency: [{ limit: 1 }], retries: 1 },
  async ({ step }) =>
    step.run("reconcile", async () => {
      const outcome = await reconcilePushes({ graceMs: RECONCILE_GRACE_MS });
      logReconciliation(outcome);
      return outcome;
    }),
);
