import { withSession } from "@/lib/api/handlers";
import { sseResponse } from "@/lib/live/sse";
import { streamNotifications } from "@/lib/notifications/stream-notifications";

// GET /api/events — SSE: `notification` events from now on, and `deployment` hints to refetch
export const GET = withSession(async (request, { user }) =>
  sseResponse(request.signal, (sink) => streamNotifications(user.id, new Date(), sink)),
);
