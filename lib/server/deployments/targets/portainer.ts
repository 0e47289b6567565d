// The portainer target: a deployment sets the stack's BERTH_IMAGE variable to the new image and has Portainer
// update the stack (its compose file says `image: ${BERTH_IMAGE}`), then follows the stack's containers through
// Portainer's Docker proxy until those on the new image have kept running. Portainer publishes the stack's
// ports itself: Berth does not route its traffic. A rollback updates the stack back to the previous image.
import { NonRetriableError } from "inngest";
import { logLines } from "@/lib/server/deployments/deployment-log";
import type { LoadedDeployment } from "@/lib/server/deployments/load-deployment";
import { portainerClient, portainerSettings, type EnvPair, type PortainerClient, type Stack } from "@/lib/server/portainer/client";
import { dockerTarget } from "./docker";
import { withinHealthDeadline, type Probe } from "./health-probe";
import type { DeployTarget, Placement } from "./target";

export const IMAGE_VARIABLE = "BERTH_IMAGE";
// Containers that have kept running this long on the new image are taken as started for good.
const STEADY_MS = 3_000;

function client(): PortainerClient {
  const settings = portainerSettings();
  if (!settings) throw new NonRetriableError("This service deploys to a Portainer stack, but PORTAINER_URL is not set");
  return portainerClient(settings);
}

function stackOf(deployment: LoadedDeployment): number {
  const id = deployment.service.portainerStackId;
  if (!id) throw new NonRetriableError("This service deploys to a Portainer stack but names none (its portainer stack id)");
  return id;
}

function withImage(pairs: EnvPair[], image: string): EnvPair[] {
  return [...pairs.filter((pair) => pair.name !== IMAGE_VARIABLE), { name: IMAGE_VARIABLE, value: image }];
}

// Updates the stack to the image, keeping its compose file and its other variables.
export async function updateStackImage(portainer: PortainerClient, stack: Stack, image: string): Promise<void> {
  const file = await portainer.stackFile(stack.Id);
  if (!file.includes(IMAGE_VARIABLE)) {
    throw new NonRetriableError(`Stack ${stack.Name}'s compose file does not use \${${IMAGE_VARIABLE}}: set its service's image to \${${IMAGE_VARIABLE}} so Berth can deploy to it`);
  }
  // No pull: the image Berth built is on the engine Portainer's environment uses (docs/decisions/0012-deploy-targets.md).
  await portainer.updateStack(stack, { env: withImage(stack.Env, image), stackFileContent: file, pullImage: false });
}

function placementOf(placement: Placement) {
  if (placement.kind !== "portainer") throw new Error(`A ${placement.kind} placement is not a Portainer stack`);
  return placement;
}

export const portainerTarget: DeployTarget = {
  async start(deployment, imageTag) {
    const portainer = client();
    const stack = await portainer.stack(stackOf(deployment));
    await updateStackImage(portainer, stack, imageTag);
    await logLines(deployment.id, "deploy", [`Updated Portainer stack ${stack.Name} (#${stack.Id}, environment ${stack.EndpointId}) to ${imageTag}`]);
    return { kind: "portainer", stackId: stack.Id, endpointId: stack.EndpointId };
  },

  async checkHealth(deployment, placement) {
    const portainer = client();
    const stack = await portainer.stack(placementOf(placement).stackId);
    const image = deployment.imageTag;
    let runningSince: number | undefined;
    await withinHealthDeadline(deployment, async (): Promise<Probe> => {
      const containers = (await portainer.stackContainers(stack)).filter((container) => container.Image === image);
      const stopped = containers.find((container) => container.State !== "running");
      if (stopped && ["exited", "dead", "restarting"].includes(stopped.State)) {
        throw new NonRetriableError(`A container of stack ${stack.Name} on the new image stopped: ${stopped.Status || stopped.State}`);
      }
      if (containers.length === 0 || stopped) {
        runningSince = undefined;
        return { healthy: false, detail: `no container of stack ${stack.Name} running ${image} yet` };
      }
      runningSince ??= Date.now();
      const steady = Date.now() - runningSince >= STEADY_MS;
      return steady
        ? { healthy: true, detail: `kept ${containers.length} container(s) of stack ${stack.Name} running for ${STEADY_MS / 1000} s` }
        : { healthy: false, detail: "containers just started" };
    });
  },

  async upstreams() {
    return undefined;
  },

  async rollBack(deployment, previous) {
    if (!previous?.imageTag) return { note: `Stack ${deployment.service.portainerStackId} was left as it is: no earlier version to put back.` };
    const portainer = client();
    const stack = await portainer.stack(stackOf(deployment));
    await updateStackImage(portainer, stack, previous.imageTag);
    return { note: `Portainer stack ${stack.Name} is back on ${previous.imageTag}.` };
  },

  // Portainer replaced the stack's containers itself; containers of the service's deployments from before it
  // moved to Portainer go as the docker target retires them.
  async retire(serviceId, deploymentId) {
    return dockerTarget.retire(serviceId, deploymentId);
  },

  // The stack is the team's: deleting the Berth service leaves it in Portainer.
  async remove() {
    return { removed: 0 };
  },
};
