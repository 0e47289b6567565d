import { NextResponse } from "next/server";
import { withSession } from "@/lib/server/http/handlers";
import { retryWebhook } from "@/lib/server/connections/install-webhook";

// POST /api/repositories/connections/[id]/webhook — (re)create the provider's webhook, e.g. after a failure
export const POST = withSession<{ id: string }>(async (_request, { user, params }) => NextResponse.json(await retryWebhook(user, params.id)));
