// Notifications: a row for the service's owner (or, for a CI-only connection, its owner), announced live.
import { db } from "@/lib/server/db";
import { Prisma, type Severity } from "@/lib/generated/prisma/client";
import { publishLive } from "@/lib/server/live/live-events";

export type NotificationType =
  // Written by the webhook hot path's own statement (lib/server/webhooks/delivery-store.ts), not by notify().
  | "webhook_received"
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

// About a service, for its owner; or about nothing a service owns, for the user named.
type Recipient = { serviceId: string } | { serviceId: null; userId: string };

async function recipientOf(recipient: Recipient): Promise<string | undefined> {
  if (recipient.serviceId === null) return recipient.userId;
  const service = await db.service.findUnique({ where: { id: recipient.serviceId }, select: { ownerId: true } });
  return service?.ownerId;
}

export async function notify(input: Recipient & { type: NotificationType; deploymentId?: string; message: string; severity: Severity }) {
  const { type, serviceId, deploymentId, message, severity } = input;
  const userId = await recipientOf(input);
  if (!userId) return;
  try {
    await db.notification.create({ data: { userId, type, serviceId, deploymentId, message, severity } });
  } catch (error) {
    // The service (or the deployment) was deleted in between: nobody is left to tell.
    if (error instanceof Prisma.PrismaClientKnownRequestError && error.code === "P2003") return;
    throw error;
  }
  await publishLive({ type: "notification", userId });
}
