import { toResponse } from "@/lib/server/http/errors";
import { parseProvider } from "@/lib/server/webhooks/provider-param";
import { receiveProviderWebhook } from "@/lib/server/webhooks/receive-webhook";

// POST /api/webhooks/[provider]/[serviceId] — a provider's delivery for one service
export async function POST(request: Request, context: { params: Promise<{ provider: string; serviceId: string }> }) {
  try {
    const { provider, serviceId } = await context.params;
    return await receiveProviderWebhook(parseProvider(provider), request, { serviceId });
  } catch (error) {
    return toResponse(error);
  }
}
