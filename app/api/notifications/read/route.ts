import { NextResponse } from "next/server";
import { parseJsonBody, withSession } from "@/lib/server/http/handlers";
import { markNotificationsRead } from "@/lib/server/notifications/mark-notifications-read";
import { markNotificationsReadSchema } from "@/lib/shared/validations/notification";

// POST /api/notifications/read — { "ids": [...] } or { "all": true }
export const POST = withSession(async (request, { user }) => {
  const input = await parseJsonBody(request, markNotificationsReadSchema);
  return NextResponse.json(await markNotificationsRead(user.id, input));
});
