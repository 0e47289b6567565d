// deploy/live → after the drain period (requests in flight to the old container finish), stop and remove
// the service's containers whose deployments are over.
import { env } from "@/lib/env";
import { retirePreviousContainers } from "@/lib/deployments/retire-previous-containers";
import { inngest } from "./client";
import { deployRequestedSchema } from "./events";

export const retireContainers = inngest.createFunction(
  {
    id: "retire-containers",
    name: "Drain and stop a service's previous containers",
    triggers: [{ event: "deploy/live" }],
    retries: 4,
    cancelOn: [{ event: "service/deleted", if: "async.data.serviceId == event.data.serviceId" }],
  },
  async ({ event, step }) => {
    const { deploymentId, serviceId } = deployRequestedSchema.parse(event.data);
    await step.sleep("drain", `${env().BERTH_DRAIN_SECONDS}s`);
    return step.run("retire-previous", () => retirePreviousContainers(serviceId, deploymentId));
  },
);
