import { NextResponse } from "next/server";
import { getHealth } from "@/lib/server/instance/get-health";

export const dynamic = "force-dynamic";

// GET /api/health — database, Docker engine and workflow engine; 200 while the app can serve
export async function GET() {
  const health = await getHealth();
  return NextResponse.json(health, { status: health.status === "ok" ? 200 : 503 });
}
