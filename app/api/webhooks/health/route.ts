import { NextResponse } from "next/server";
import { withSession } from "@/lib/api/handlers";
import { webhookHealth } from "@/lib/webhooks/delivery-queries";

// GET /api/webhooks/health — status, recent deliveries, last delivery time, hourly counts for 24 h
export const GET = withSession(async (_request, { user }) => NextResponse.json(await webhookHealth(user)));
