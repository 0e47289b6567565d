import type { DeploymentStatus } from "@/lib/generated/prisma/enums";

// Under way: not yet live, failed, rolled back, superseded or cancelled. Pure, so the browser uses it too.
export const ACTIVE_STATUSES: DeploymentStatus[] = ["queued", "building", "deploying"];

export function isActive(status: DeploymentStatus): boolean {
  return ACTIVE_STATUSES.includes(status);
}
