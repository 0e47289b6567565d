import { db } from "@/lib/server/db";
import { serializeNotification } from "./serialize-notification";

export async function listNotifications(userId: string, options: { unread?: boolean; limit: number }) {
  const where = { userId, ...(options.unread ? { read: false } : {}) };
  const [notifications, unread] = await Promise.all([
    db.notification.findMany({ where, orderBy: { createdAt: "desc" }, take: options.limit }),
    db.notification.count({ where: { userId, read: false } }),
  ]);
  return { notifications: notifications.map(serializeNotification), unread_count: unread };
}
