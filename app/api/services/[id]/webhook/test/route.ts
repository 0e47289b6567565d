import { NextResponse } from "next/server";
import { withSession } from "@/lib/server/http/handlers";
import { sendTestDelivery } from "@/lib/server/connections/test-delivery";

// POST /api/services/[id]/webhook/test — a signed ping through the service's own receiver; the answer it got
export const POST = withSession<{ id: string }>(async (_request, { user, params }) => NextResponse.json(await sendTestDelivery(user, params.id)));
