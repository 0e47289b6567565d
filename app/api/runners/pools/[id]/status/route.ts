import { NextResponse } from "next/server";
import { withSession } from "@/lib/server/http/handlers";
import { poolStatus } from "@/lib/server/runners/pools";

// GET /api/runners/pools/[id]/status — busy, idle and queued runners, runners started per minute (last hour)
export const GET = withSession<{ id: string }>(async (_request, { user, params }) => NextResponse.json(await poolStatus(user, params.id)));
