import { NextResponse } from "next/server";
import { withSession } from "@/lib/server/http/handlers";
import { healthQuerySchema, webhookHealth } from "@/lib/server/webhooks/delivery-queries";

// GET /api/webhooks/health?scope=mine|all — status, recent deliveries, last delivery time, hourly counts for 24 h
export const GET = withSession(async (request, { user }) => {
  const { scope } = healthQuerySchema.parse(Object.fromEntries(request.nextUrl.searchParams));
  return NextResponse.json(await webhookHealth(user, scope));
});
