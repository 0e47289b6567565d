// deploy/requested and deploy/progressed → the deployment's current state on the commit at its provider.
// One report of a deployment at a time, so states reach the provider in the order they happened; a provider
// that does not answer is tried again, and after the last retry the failure is recorded, not the deploy's.
import { reportCommitStatus, reportUnreachable } from "@/lib/server/deployments/report-commit-status";
import { deployProgressed, deployRequested } from "@/lib/server/outbox/events";
import { inngest } from "./client";

export const reportDeploymentStatus = inngest.createFunction(
  {
    id: "report-commit-status",
    name: "Report a deployment's status to its provider",
    triggers: [deployRequested, deployProgressed],
    concurrency: [{ key: "event.data.deploymentId", limit: 1 }],
    retries: 4,
    onFailure: async ({ event, error }) => {
      const { deploymentId } = deployProgressed.schema.parse(event.data.event.data);
      return reportUnreachable(deploymentId, error.message);
    },
  },
  async ({ event, step }) => step.run("report", () => reportCommitStatus(event.data.deploymentId)),
);
