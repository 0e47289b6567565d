// service/deleted → once its host no longer leads to its containers, stop them and remove its images and its
// git object cache. Its rows, its route among them, are already gone.
import { imageRepositoryFor } from "@/lib/server/runtime/image-names";
import { proxySettings } from "@/lib/server/caddy/config";
import { removeObjectCache } from "@/lib/server/git/object-cache";
import { routerNotFound } from "@/lib/server/routing/router-address";
import { awaitRouterAnswer } from "@/lib/server/routing/service-routes";
import { findContainers, LABELS, removeContainer } from "@/lib/server/runtime/containers";
import { reachableEngine } from "@/lib/server/runtime/docker";
import { listRepositoryTags, removeTag } from "@/lib/server/runtime/images";
import { inngest } from "./client";
import { serviceDeleted } from "@/lib/server/outbox/events";

export const removeService = inngest.createFunction(
  { id: "remove-service", name: "Remove a deleted service's containers", triggers: [serviceDeleted], retries: 4 },
  async ({ event, step }) => {
    const { serviceId, slug } = event.data;
    await step.run("await-unrouted", async () => {
      const proxy = proxySettings();
      if (proxy) await awaitRouterAnswer(proxy.routerAddress, slug, routerNotFound(proxy.routerAddress));
    });
    const containers = await step.run("remove-containers", async () => {
      const docker = await reachableEngine();
      const found = await findContainers(docker, { [LABELS.service]: serviceId });
      for (const container of found) await removeContainer(docker, container.Id);
      return found.length;
    });
    const images = await step.run("remove-images", async () => {
      const docker = await reachableEngine();
      const tags = await listRepositoryTags(docker, imageRepositoryFor(slug));
      for (const tag of tags) await removeTag(docker, tag);
      return tags.length;
    });
    await step.run("remove-git-cache", () => removeObjectCache(serviceId));
    return { removed: containers, removedImages: images };
  },
);
