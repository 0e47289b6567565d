import type { DeployTargetKind } from "@/lib/generated/prisma/enums";
import { invalidField } from "@/lib/server/api-error";
import { portainerSettings } from "@/lib/server/portainer/client";
import type { TargetInput } from "@/lib/shared/validations/service";

// The API's target object as the service's columns, refused when this instance cannot deploy there.
export function targetColumns(target: TargetInput) {
  if (target.kind === "portainer" && !portainerSettings()) throw invalidField("target", "Portainer is not configured on this instance (PORTAINER_URL)");
  return {
    target: target.kind,
    replicas: target.kind === "swarm" ? target.replicas : 1,
    portainerStackId: target.kind === "portainer" ? target.stack_id : null,
  };
}

export function targetOf(service: { target: DeployTargetKind; replicas: number; portainerStackId: number | null }): TargetInput {
  if (service.target === "swarm") return { kind: "swarm", replicas: service.replicas };
  if (service.target === "portainer") return { kind: "portainer", stack_id: service.portainerStackId ?? 0 };
  return { kind: "docker" };
}
