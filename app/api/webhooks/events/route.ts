import { NextResponse } from "next/server";
import { withSession } from "@/lib/server/http/handlers";
import { listDeliveries, listDeliveriesQuerySchema } from "@/lib/server/webhooks/delivery-queries";

// GET /api/webhooks/events?repository=&event=&status=&provider=&service_id=&scope=mine|all&limit=100&offset=0 — the audit log
export const GET = withSession(async (request, { user }) => {
  const query = listDeliveriesQuerySchema.parse(Object.fromEntries(request.nextUrl.searchParams));
  return NextResponse.json(await listDeliveries(user, query));
});
