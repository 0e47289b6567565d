import { NextResponse } from "next/server";
import { withSession } from "@/lib/server/http/handlers";
import { listChannelDeliveries } from "@/lib/server/channels/list-channels";
import { channelDeliveryQuerySchema } from "@/lib/shared/validations/channel";

// GET /api/channels/[id]/deliveries — the channel's delivery log, newest first (?limit=, default 50)
export const GET = withSession<{ id: string }>(async (request, { user, params }) => {
  const { limit } = channelDeliveryQuerySchema.parse(Object.fromEntries(request.nextUrl.searchParams));
  return NextResponse.json(await listChannelDeliveries(user, params.id, limit));
});
