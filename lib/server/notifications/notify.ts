// Notifications: a row for the service's owner, announced live.
import { db } from "@/lib/server/db";
import { Prisma, type Severity } from "@/lib/generated/prisma/client";
import { publishLive } from "@/lib/server/live/live-events";

export type NotificationType =
  | "build_started"
  | "build_completed"
  | "build_failed"
  | "deployment_started"
  | "deployment_completed"
  | "deployment_cancelled"
  | "deployment_failed"
  | "deployment_rollback"
  | "deployment_rollback_failed"
  | "incident_opened"
  | "incident_resolved";

export async function notify(input: { type: NotificationType; serviceId: string; deploymentId?: string; message: string; severity: Severity }) {
  const service = await db.service.findUnique({ where: { id: input.serviceId }, select: { ownerId: true } });
  if (!service) return;
  try {
    await db.notification.create({ data: { userId: service.ownerId, ...input } });
  } catch (error) {
    // The service (or the deployment) was deleted in between: nobody is left to tell.
    if (error instanceof Prisma.PrismaClientKnownRequestError && error.code === "P2003") return;
    throw error;
  }
  await publishLive({ type: "notification", userId: service.ownerId });
}
