// service/deleted → stop its containers and drop its route. Its rows are already gone.
import { removeRoute } from "@/lib/proxy/caddy";
import { proxyConfig } from "@/lib/proxy/proxy-config";
import { findContainers, LABELS, removeContainer } from "@/lib/runtime/containers";
import { reachableEngine } from "@/lib/runtime/docker";
import { inngest } from "./client";
import { serviceDeletedSchema } from "./events";

export const removeService = inngest.createFunction(
  { id: "remove-service", name: "Remove a deleted service's containers", triggers: [{ event: "service/deleted" }], retries: 4 },
  async ({ event, step }) => {
    const { serviceId, slug } = serviceDeletedSchema.parse(event.data);
    await step.run("remove-route", async () => {
      const proxy = proxyConfig();
      if (proxy) await removeRoute(proxy, slug);
    });
    return step.run("remove-containers", async () => {
      const docker = await reachableEngine();
      const containers = await findContainers(docker, { [LABELS.service]: serviceId });
      for (const container of containers) await removeContainer(docker, container.Id);
      return { removed: containers.length };
    });
  },
);
