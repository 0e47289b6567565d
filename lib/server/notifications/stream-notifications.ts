// A user's live feed: new notifications, and "deployment changed" / "CI changed" hints that tell a page to
// refetch. An admin, whose lists can show everyone's CI, hears every CI hint (a hint carries no content).
import type { Actor } from "@/lib/server/auth/access";
import { db } from "@/lib/server/db";
import { subscribeLive } from "@/lib/server/live/live-events";
import { closeOnError, serialPump, type SseSink } from "@/lib/server/live/sse";
import { serializeNotification } from "./serialize-notification";

export async function streamNotifications(user: Actor, since: Date, sink: SseSink): Promise<() => void> {
  const userId = user.id;
  let cursor = since;
  const sent = new Set<string>();
  const pump = serialPump(async () => {
    const notifications = await db.notification.findMany({ where: { userId, createdAt: { gte: cursor } }, orderBy: { createdAt: "asc" }, take: 200 });
    for (const notification of notifications) {
      if (sent.has(notification.id)) continue;
      sent.add(notification.id);
      sink.send({ event: "notification", id: notification.id, data: serializeNotification(notification) });
      cursor = notification.createdAt;
    }
  }, closeOnError(sink, "notification"));
  const unsubscribe = await subscribeLive((event) => {
    if (event.type === "notification" && event.userId === userId) pump();
    if (event.type === "deployment" && event.userId === userId) {
      sink.send({ event: "deployment", data: { service_id: event.serviceId, deployment_id: event.deploymentId } });
    }
    if (event.type === "ci" && (event.userId === userId || user.role === "admin")) sink.send({ event: "ci", data: {} });
    if (event.type === "preview" && event.userId === userId) sink.send({ event: "preview", data: { service_id: event.serviceId } });
  }, pump);
  pump();
  return unsubscribe;
}
