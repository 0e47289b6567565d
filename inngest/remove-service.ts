// service/deleted → once its host no longer leads to its containers, have its deploy target remove what it ran
// (containers, or the Swarm service), then remove its images and its git object cache. Its rows, its route
// among them, are already gone.
import { imageRepositoryFor } from "@/lib/server/runtime/image-names";
import { proxySettings } from "@/lib/server/caddy/config";
import { removeObjectCache } from "@/lib/server/git/object-cache";
import { routerNotFound } from "@/lib/server/routing/router-address";
import { awaitRouterAnswer } from "@/lib/server/routing/service-routes";
import { reachableEngine } from "@/lib/server/runtime/docker";
import { deployTarget } from "@/lib/server/deployments/targets";
import { listRepositoryTags, removeTag } from "@/lib/server/runtime/images";
import { inngest } from "./client";
import { serviceDeleted } from "@/lib/server/outbox/events";

export const removeService = inngest.createFunction(
  { id: "remove-service", name: "Remove a deleted service's containers", triggers: [serviceDeleted], retries: 4 },
  async ({ event, step }) => {
    const { serviceId, slug, target } = event.data;
    await step.run("await-unrouted", async () => {
      const proxy = proxySettings();
      if (proxy) await awaitRouterAnswer(proxy.routerAddress, slug, [routerNotFound(proxy.routerAddress)]);
    });
    const { removed } = await step.run("remove-containers", () => deployTarget(target ?? "docker").remove(serviceId));
    const images = await step.run("remove-images", async () => {
      const docker = await reachableEngine();
      const tags = await listRepositoryTags(docker, imageRepositoryFor(slug));
      for (const tag of tags) await removeTag(docker, tag);
      return tags.length;
    });
    await step.run("remove-git-cache", () => removeObjectCache(serviceId));
    return { removed, removedImages: images };
  },
);
