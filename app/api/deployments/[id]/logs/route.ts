import { withSession } from "@/lib/server/http/handlers";
import { getDeploymentOrThrow } from "@/lib/server/deployments/get-deployment-or-throw";
import { streamDeploymentLogs } from "@/lib/server/deployments/stream-deployment-logs";
import { sseResponse } from "@/lib/server/live/sse";

// GET /api/deployments/[id]/logs — SSE: stored lines (after Last-Event-ID), then new ones; `end` when done
export const GET = withSession<{ id: string }>(async (request, { user, params }) => {
  const deployment = await getDeploymentOrThrow(user, params.id);
  const lastEventId = request.headers.get("last-event-id") ?? "";
  const after = /^\d{1,18}$/.test(lastEventId) ? BigInt(lastEventId) : 0n;
  return sseResponse(request.signal, (sink) => streamDeploymentLogs(deployment.id, after, sink));
});
