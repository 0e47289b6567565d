import { NextResponse } from "next/server";
import { withSession } from "@/lib/server/http/handlers";
import { listNotifications } from "@/lib/server/notifications/list-notifications";
import { notificationListQuerySchema } from "@/lib/shared/validations/notification";

// GET /api/notifications — newest first (?unread=true, ?limit=50), with the unread count
export const GET = withSession(async (request, { user }) => {
  const query = notificationListQuerySchema.parse(Object.fromEntries(request.nextUrl.searchParams));
  return NextResponse.json(await listNotifications(user.id, query));
});
