import { NextResponse } from "next/server";
import { withSession } from "@/lib/server/http/handlers";
import { getWebhookSetup } from "@/lib/server/connections/webhook-setup";
import { parseProvider } from "@/lib/server/webhooks/provider-param";

// GET /api/services/[id]/webhook-url?provider= — receiver URL, secret and setup steps (owner only)
export const GET = withSession<{ id: string }>(async (request, { user, params }) => {
  const provider = parseProvider(request.nextUrl.searchParams.get("provider") ?? "github");
  return NextResponse.json(await getWebhookSetup(user, params.id, provider));
});
