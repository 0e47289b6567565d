import { NextResponse } from "next/server";
import { withSession } from "@/lib/server/http/handlers";
import { setupServiceWebhook } from "@/lib/server/connections/service-webhook";
import { oauthProviderSchema } from "@/lib/shared/validations/connection";

// POST /api/services/[id]/webhook/setup?provider= — create the provider's hook with the linked account
export const POST = withSession<{ id: string }>(async (request, { user, params }) => {
  const provider = oauthProviderSchema.parse(request.nextUrl.searchParams.get("provider") ?? "github");
  return NextResponse.json(await setupServiceWebhook(user, params.id, provider));
});
