import { NextResponse } from "next/server";
import { getIncident } from "@/lib/server/ci/incidents";
import { withSession } from "@/lib/server/http/handlers";

// GET /api/incidents/[id] — one incident with its latest failing run
export const GET = withSession<{ id: string }>(async (_request, { user, params }) => NextResponse.json(await getIncident(user, params.id)));
