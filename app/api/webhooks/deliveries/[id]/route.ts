import { NextResponse } from "next/server";
import { withSession } from "@/lib/server/http/handlers";
import { getDelivery } from "@/lib/server/webhooks/delivery-queries";

// GET /api/webhooks/deliveries/[id] — one delivery with its stored headers and payload
export const GET = withSession<{ id: string }>(async (_request, { user, params }) => NextResponse.json(await getDelivery(user, params.id)));
