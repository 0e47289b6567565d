// Notifications: a row for the service's owner (or, for a CI-only connection, its owner), announced live,
// and a message queued for each of the owner's channels that takes it.
import { db } from "@/lib/server/db";
import { Prisma, type Severity } from "@/lib/generated/prisma/client";
import { queueChannelMessages } from "@/lib/server/channels/queue-channel-messages";
import { env } from "@/lib/server/env";
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
  | "incident_resolved"
  | "webhook_failed"
  | "preview_awaiting_approval"
  // A live container was gone (a reboot, someone's docker rm) and Berth started it again from its image.
  | "service_restored"
  // A branch moved and no delivery said so: Berth deployed it anyway (lib/server/deployments/reconcile-pushes.ts).
  | "push_reconciled";

// About a service, for its owner; or about nothing a service owns, for the user named.
type Recipient = { serviceId: string } | { serviceId: null; userId: string };

async function recipientOf(recipient: Recipient): Promise<{ userId: string; service: { id: string; name: string } | null } | undefined> {
  if (recipient.serviceId === null) return { userId: recipient.userId, service: null };
  const service = await db.service.findUnique({ where: { id: recipient.serviceId }, select: { id: true, name: true, ownerId: true } });
  return service ? { userId: service.ownerId, service: { id: service.id, name: service.name } } : undefined;
}

// Where a message about it says more, in Berth.
function linkFor(type: NotificationType, serviceId: string | null, deploymentId: string | undefined): string {
  const path = deploymentId ? `/deployments/${deploymentId}` : type.startsWith("incident_") ? "/incidents" : serviceId ? `/services/${serviceId}` : "/";
  return new URL(path, env().NEXTAUTH_URL).toString();
}

export async function notify(input: Recipient & { type: NotificationType; deploymentId?: string; message: string; severity: Severity }) {
  const { type, serviceId, deploymentId, message, severity } = input;
  const recipient = await recipientOf(input);
  if (!recipient) return;
  try {
    await db.$transaction(async (tx) => {
      const notification = await tx.notification.create({ data: { userId: recipient.userId, type, serviceId, deploymentId, message, severity } });
      await queueChannelMessages(tx, notification, {
        type,
        severity,
        message,
        service: recipient.service,
        deployment_id: deploymentId ?? null,
        link: linkFor(type, serviceId, deploymentId),
        created_at: notification.createdAt.toISOString(),
      });
    });
  } catch (error) {
    // The service (or the deployment) was deleted in between: nobody is left to tell.
    if (error instanceof Prisma.PrismaClientKnownRequestError && error.code === "P2003") return;
    throw error;
  }
  await publishLive({ type: "notification", userId: recipient.userId });
}
