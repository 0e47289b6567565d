import { NextResponse } from "next/server";
import { withSession } from "@/lib/server/http/handlers";
import { removeServiceWebhook } from "@/lib/server/connections/service-webhook";

// DELETE /api/services/[id]/webhook — remove the provider's hook and the secret
export const DELETE = withSession<{ id: string }>(async (_request, { user, params }) => NextResponse.json(await removeServiceWebhook(user, params.id)));
