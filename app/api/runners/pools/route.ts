import { NextResponse } from "next/server";
import { parseJsonBody, withSession } from "@/lib/server/http/handlers";
import { createPool, listPools } from "@/lib/server/runners/pools";
import { runnerPoolSchema } from "@/lib/shared/validations/runners";

// GET /api/runners/pools — the runner pools (admins)
export const GET = withSession(async (_request, { user }) => NextResponse.json(await listPools(user)));

// POST /api/runners/pools — a new pool: name, labels, image, max_runners, idle_ttl_s, limits, repositories, priority_rules, org_wide
export const POST = withSession(async (request, { user }) => NextResponse.json(await createPool(user, await parseJsonBody(request, runnerPoolSchema)), { status: 201 }));
