import { NextResponse } from "next/server";
import { withSession } from "@/lib/server/http/handlers";
import { reenableWebhook } from "@/lib/server/connections/watch-hook-health";

// POST /api/repositories/connections/[id]/webhook/enable — switch a hook the provider disabled on again, in place
export const POST = withSession<{ id: string }>(async (_request, { user, params }) => NextResponse.json(await reenableWebhook(user, params.id)));
