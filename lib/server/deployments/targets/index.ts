// The deploy target of a service, by its kind.
import type { DeployTargetKind } from "@/lib/generated/prisma/enums";
import { dockerTarget } from "./docker";
import { portainerTarget } from "./portainer";
import { swarmTarget } from "./swarm";
import type { DeployTarget } from "./target";

const TARGETS: Record<DeployTargetKind, DeployTarget> = { docker: dockerTarget, swarm: swarmTarget, portainer: portainerTarget };

export function deployTarget(kind: DeployTargetKind): DeployTarget {
  return TARGETS[kind];
}

export type { DeployTarget, Placement } from "./target";
