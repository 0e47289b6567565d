// One interface for every place a deployment can run (docs/decisions/0012-deploy-targets.md). The workflow's
// steps (start beside, health, switch, roll back, retire) call it and stay the same whatever the service's
// target: a container on the engine, a Swarm service, or a Portainer stack.
import type { Deployment } from "@/lib/generated/prisma/client";
import type { LoadedDeployment } from "@/lib/server/deployments/load-deployment";
import type { Upstream } from "@/lib/server/routing/dns-answers";

// Where the new version started: a step's result, so plain JSON.
export type Placement =
  | { kind: "docker"; containerId: string; hostPort: number }
  // earlierUpdate: the start of the update Swarm reported before this deployment's (lib/server/runtime/swarm.ts).
  | { kind: "swarm"; swarmServiceId: string; earlierUpdate: string | null }
  | { kind: "portainer"; stackId: number; endpointId: number };

export type RolledBack = {
  // Where the previous version is reached now (for the routing table); none when Berth does not route it.
  upstreams?: Upstream[];
  // What the target did, for the deployment's log and the owner's notification.
  note?: string;
};

export interface DeployTarget {
  // Starts the new version beside the running one.
  start(deployment: LoadedDeployment, imageTag: string): Promise<Placement>;
  // Returns once the new version is healthy; throws a NonRetriableError saying why it is not.
  checkHealth(deployment: LoadedDeployment, placement: Placement): Promise<void>;
  // Where Berth's proxy sends the service's traffic once it is live; undefined: the target publishes its own ports.
  upstreams(deployment: LoadedDeployment, placement: Placement): Promise<Upstream[] | undefined>;
  // The new version failed: undo it, so that previous (if any) serves.
  rollBack(deployment: LoadedDeployment, previous: Omit<Deployment, "sequence"> | null): Promise<RolledBack>;
  // After the switch: stop what the deployments that are over left running.
  retire(serviceId: string, deploymentId: string): Promise<{ stopped: number }>;
  // The service was deleted: remove everything of it the target runs.
  remove(serviceId: string): Promise<{ removed: number }>;
}
