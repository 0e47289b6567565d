import { NextResponse } from "next/server";
import { resolveIncident } from "@/lib/server/ci/incidents";
import { withSession } from "@/lib/server/http/handlers";

// POST /api/incidents/[id]/resolve — close an incident by hand
export const POST = withSession<{ id: string }>(async (_request, { user, params }) => NextResponse.json(await resolveIncident(user, params.id)));
