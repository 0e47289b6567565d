import { publicRoute } from "@/lib/server/http/handlers";
import { parseProvider } from "@/lib/server/webhooks/provider-param";
import { receiveProviderWebhook } from "@/lib/server/webhooks/receive-webhook";

// POST /api/webhooks/[provider] — one URL for many repositories: the payload's repository picks the
// connections, and only those whose secret verifies the delivery get it
export const POST = publicRoute<{ provider: string }>((request, { params }) =>
  receiveProviderWebhook(parseProvider(params.provider), request, { byRepository: true }),
);
