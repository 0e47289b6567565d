import { toResponse } from "@/lib/server/http/errors";
import { deployHook } from "@/lib/server/webhooks/deploy-hook";
import { receiveWebhook } from "@/lib/server/webhooks/receive-webhook";

// POST /api/hooks/deploy/[serviceId] — signed deploy request from CI ({"branch"|"ref", "commit"} optional)
export async function POST(request: Request, context: { params: Promise<{ serviceId: string }> }) {
  try {
    const { serviceId } = await context.params;
    return await receiveWebhook(deployHook, request, { serviceId });
  } catch (error) {
    return toResponse(error);
  }
}
