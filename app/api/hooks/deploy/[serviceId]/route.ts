import { publicRoute } from "@/lib/server/http/handlers";
import { deployHook } from "@/lib/server/webhooks/deploy-hook";
import { receiveWebhook } from "@/lib/server/webhooks/receive-webhook";

// POST /api/hooks/deploy/[serviceId] — signed deploy request from CI ({"branch"|"ref", "commit"} optional)
export const POST = publicRoute<{ serviceId: string }>((request, { params }) => receiveWebhook(deployHook, request, { serviceId: params.serviceId }));
