// deploy/requested → (green CI, when the connection asks for it) → build → start beside the running
// version on the service's deploy target → health check → switch traffic. Any failure after the new version
// starts rolls back to the previous one. Draining and stopping the old container is retire-containers' job
// (deploy/live), so the next deployment need not wait for it.
import { beginDeployment } from "@/lib/server/deployments/begin-deployment";
import { buildDeploymentImage } from "@/lib/server/deployments/build-deployment-image";
import { checkDeploymentHealth } from "@/lib/server/deployments/check-deployment-health";
import { failDeployment } from "@/lib/server/deployments/fail-deployment";
import { reportRollbackFailure, rollBackDeployment } from "@/lib/server/deployments/roll-back-deployment";
import { startDeploymentContainer } from "@/lib/server/deployments/start-deployment-container";
import { ciPollDelay, waitForCi } from "@/lib/server/deployments/wait-for-ci";
import { switchDeploymentTraffic } from "@/lib/server/deployments/switch-deployment-traffic";
import { inngest } from "./client";
import { deployRequested, serviceDeleted } from "@/lib/server/outbox/events";

const RETRIES = 2;

function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

export const deployService = inngest.createFunction(
  {
    id: "deploy-service",
    name: "Deploy a service",
    triggers: [deployRequested],
    // One deployment of a service moves at a time; others wait their turn (and the older ones step aside).
    concurrency: [{ key: "event.data.serviceId", limit: 1 }],
    retries: RETRIES,
    cancelOn: [{ event: serviceDeleted.name, if: "async.data.serviceId == event.data.serviceId" }],
    onFailure: async ({ event, error }) => {
      const { deploymentId } = deployRequested.schema.parse(event.data.event.data);
      return failDeployment(deploymentId, error.message);
    },
  },
  async ({ event, step, attempt, maxAttempts = RETRIES + 1 }) => {
    const { deploymentId } = event.data;

    // A connection that deploys only on green CI holds the commit until its runs have passed.
    let gate = await step.run("wait-for-ci", () => waitForCi(deploymentId, 0));
    for (let check = 1; gate.outcome === "waiting"; check++) {
      await step.sleep(`ci-wait-${check}`, ciPollDelay(check));
      gate = await step.run(`ci-check-${check}`, () => waitForCi(deploymentId, check));
    }
    if (gate.outcome !== "proceed") return gate;

    const begun = await step.run("begin", () => beginDeployment(deploymentId));
    if (begun.outcome !== "proceed") return begun;

    const image = await step.run("build", () => buildDeploymentImage(deploymentId, { finalAttempt: attempt + 1 >= maxAttempts }));
    if (image.outcome !== "built") return image;

    let reason: string;
    try {
      const started = await step.run("start-container", () => startDeploymentContainer(deploymentId, image.imageTag));
      if (started.outcome !== "started") return started;
      const { placement } = started;
      await step.run("health-check", () => checkDeploymentHealth(deploymentId, placement));
      const { url } = await step.run("switch-traffic", () => switchDeploymentTraffic(deploymentId, placement));
      return { outcome: "live" as const, url };
    } catch (error) {
      reason = messageOf(error);
    }
    try {
      return await step.run("roll-back", () => rollBackDeployment(deploymentId, reason));
    } catch (error) {
      await step.run("report-rollback-failure", () => reportRollbackFailure(deploymentId, reason, messageOf(error)));
      return { outcome: "rollback_failed" as const, reason };
    }
  },
);
