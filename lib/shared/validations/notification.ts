import { z } from "zod";

export const notificationListQuerySchema = z.object({
  unread: z.stringbool().optional(),
  limit: z.coerce.number().int().min(1).max(200).default(50),
});

export const markNotificationsReadSchema = z.union([
  z.object({ ids: z.array(z.string().min(1)).min(1).max(500) }).strict(),
  z.object({ all: z.literal(true) }).strict(),
]);
