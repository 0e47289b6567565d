import { publicRoute } from "@/lib/server/http/handlers";
import { parseProvider } from "@/lib/server/webhooks/provider-param";
import { receiveProviderWebhook } from "@/lib/server/webhooks/receive-webhook";

// POST /api/webhooks/[provider]/[serviceId] — a provider's delivery for one service
export const POST = publicRoute<{ provider: string; serviceId: string }>((request, { params }) =>
  receiveProviderWebhook(parseProvider(params.provider), request, { serviceId: params.serviceId }),
);
