// deploy/live → the switch is already visible to every new request (switch-traffic waited for it), so the
// service's containers whose deployments are over get SIGTERM and BERTH_DRAIN_SECONDS to finish the requests
// they still hold, then are removed; then its images beyond the newest rollback targets go, and its git
// object cache if it has grown past its limit.
import { pruneServiceImages } from "@/lib/server/deployments/prune-service-images";
import { retirePreviousContainers } from "@/lib/server/deployments/retire-previous-containers";
import { trimObjectCache } from "@/lib/server/git/object-cache";
import { inngest } from "./client";
import { deployLive, serviceDeleted } from "@/lib/server/outbox/events";

export const retireContainers = inngest.createFunction(
  {
    id: "retire-containers",
    name: "Drain and stop a service's previous containers",
    triggers: [deployLive],
    retries: 4,
    cancelOn: [{ event: serviceDeleted.name, if: "async.data.serviceId == event.data.serviceId" }],
  },
  async ({ event, step }) => {
    const { deploymentId, serviceId } = event.data;
    const retired = await step.run("retire-previous", () => retirePreviousContainers(serviceId, deploymentId));
    const pruned = await step.run("prune-images", () => pruneServiceImages(serviceId));
    const cache = await step.run("trim-git-cache", () => trimObjectCache(serviceId));
    return { ...retired, prunedImages: pruned.removed.length, gitCacheDropped: cache.dropped };
  },
);
