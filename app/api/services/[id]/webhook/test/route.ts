import { NextResponse } from "next/server";
import { withSession } from "@/lib/api/handlers";
import { sendTestDelivery } from "@/lib/webhooks/test-delivery";

// POST /api/services/[id]/webhook/test — a signed ping through the service's own receiver; the answer it got
export const POST = withSession<{ id: string }>(async (_request, { user, params }) => NextResponse.json(await sendTestDelivery(user, params.id)));
