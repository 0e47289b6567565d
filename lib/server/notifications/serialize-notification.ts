import type { Notification } from "@/lib/generated/prisma/client";

export function serializeNotification(notification: Notification) {
  return {
    id: notification.id,
    type: notification.type,
    severity: notification.severity,
    message: notification.message,
    service_id: notification.serviceId,
    deployment_id: notification.deploymentId,
    read: notification.read,
    created_at: notification.createdAt.toISOString(),
  };
}
