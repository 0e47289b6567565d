// Waiting for a deployment the workflow is running to reach its final status.
import { db } from "@/lib/server/db";
import { waitFor } from "./wait-for";

const RUNNING = ["queued", "building", "deploying"];

export function settledDeployment(id: string, timeoutMs: number) {
  return waitFor(
    async () => {
      const deployment = await db.deployment.findUnique({ where: { id } });
      return deployment && !RUNNING.includes(deployment.status) ? deployment : null;
    },
    timeoutMs,
    `deployment ${id} to finish`,
  );
}
