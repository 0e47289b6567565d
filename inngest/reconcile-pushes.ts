// push/reconcile (at start and every BERTH_RECONCILE_MINUTES) → providers' hooks that stopped delivering are
// found, then the branch heads no delivery announced are deployed.
import { watchHookHealth } from "@/lib/server/connections/watch-hook-health";
import { logReconciliation, reconcilePushes, RECONCILE_GRACE_MS } from "@/lib/server/deployments/reconcile-pushes";
import { pushReconcile } from "@/lib/server/outbox/events";
import { inngest } from "./client";

export const reconcileMissedPushes = inngest.createFunction(
  { id: "reconcile-pushes", name: "Watch providers' hooks and deploy pushes whose delivery never came", triggers: [pushReconcile], concurrency: [{ limit: 1 }], retries: 1 },
  async ({ step }) => {
    const hooks = await step.run("watch-hooks", () => watchHookHealth());
    const pushes = await step.run("reconcile", async () => {
      const outcome = await reconcilePushes({ graceMs: RECONCILE_GRACE_MS });
      logReconciliation(outcome);
      return outcome;
    });
    return { hooks, pushes };
  },
);
