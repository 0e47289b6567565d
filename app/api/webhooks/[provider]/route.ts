import { toResponse } from "@/lib/server/http/errors";
import { parseProvider } from "@/lib/server/webhooks/provider-param";
import { receiveProviderWebhook } from "@/lib/server/webhooks/receive-webhook";

// POST /api/webhooks/[provider] — one URL for many repositories: the payload's repository picks the
// connections, and only those whose secret verifies the delivery get it
export async function POST(request: Request, context: { params: Promise<{ provider: string }> }) {
  try {
    const { provider } = await context.params;
    return await receiveProviderWebhook(parseProvider(provider), request, { byRepository: true });
  } catch (error) {
    return toResponse(error);
  }
}
