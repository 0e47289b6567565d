import { toResponse } from "@/lib/api/errors";
import { deployHook } from "@/lib/webhooks/deploy-hook";
import { receiveWebhook } from "@/lib/webhooks/receive-webhook";

// POST /api/hooks/deploy/[serviceId] — signed deploy request from CI ({"branch"|"ref", "commit"} optional)
export async function POST(request: Request, context: { params: Promise<{ serviceId: string }> }) {
  try {
    const { serviceId } = await context.params;
    return await receiveWebhook(deployHook, request, { serviceId });
  } catch (error) {
    return toResponse(error);
  }
}
