import { NextResponse } from "next/server";
import { withSession } from "@/lib/server/http/handlers";
import { replayDelivery } from "@/lib/server/webhooks/replay-delivery";

// POST /api/webhooks/deliveries/[id]/replay — process a stored delivery again
export const POST = withSession<{ id: string }>(
  async (_request, { user, params }) => {
    const outcome = await replayDelivery(user, params.id);
    return NextResponse.json({ ...outcome.body, delivery_id: outcome.deliveryRowId }, { status: outcome.httpStatus });
  },
  { tokenScope: "deploy" },
);
