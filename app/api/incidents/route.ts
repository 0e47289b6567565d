import { NextResponse } from "next/server";
import { listIncidents } from "@/lib/server/ci/incidents";
import { withSession } from "@/lib/server/http/handlers";
import { listIncidentsQuerySchema } from "@/lib/shared/validations/ci";

// GET /api/incidents?repository=&state=open|resolved&scope= — red workflows, open ones first
export const GET = withSession(async (request, { user }) => {
  const query = listIncidentsQuerySchema.parse(Object.fromEntries(request.nextUrl.searchParams));
  return NextResponse.json(await listIncidents(user, query));
});
