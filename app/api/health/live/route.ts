import { NextResponse } from "next/server";

export const dynamic = "force-dynamic";

// GET /api/health/live — liveness: the process answers, with no dependency checked (see /api/health)
export function GET() {
  return NextResponse.json({ status: "ok" });
}
