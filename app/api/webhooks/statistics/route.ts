import { NextResponse } from "next/server";
import { withSession } from "@/lib/server/http/handlers";
import { deliveryStatistics, statisticsQuerySchema } from "@/lib/server/webhooks/delivery-queries";

// GET /api/webhooks/statistics?hours=24&scope=mine|all — totals and per-event processed/pending/failed counts
export const GET = withSession(async (request, { user }) => {
  const { hours, scope } = statisticsQuerySchema.parse(Object.fromEntries(request.nextUrl.searchParams));
  return NextResponse.json(await deliveryStatistics(user, hours, scope));
});
