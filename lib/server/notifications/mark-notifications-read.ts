import type { z } from "zod";
import { db } from "@/lib/server/db";
import type { markNotificationsReadSchema } from "@/lib/shared/validations/notification";

// Only the user's own notifications change; other ids are ignored, not reported.
export async function markNotificationsRead(userId: string, input: z.infer<typeof markNotificationsReadSchema>) {
  const { count } = await db.notification.updateMany({
    where: { userId, read: false, ...("ids" in input ? { id: { in: input.ids } } : {}) },
    data: { read: true },
  });
  return { marked_read: count };
}
