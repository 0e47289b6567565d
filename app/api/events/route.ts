import { withSession } from "@/lib/server/http/handlers";
import { sseResponse } from "@/lib/server/live/sse";
import { streamNotifications } from "@/lib/server/notifications/stream-notifications";

// GET /api/events — SSE: `notification` events from now on, and `deployment` hints to refetch
export const GET = withSession(async (request, { user }) =>
  sseResponse(request.signal, (sink) => streamNotifications(user, new Date(), sink)),
);
