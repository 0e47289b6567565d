import { NextResponse } from "next/server";
import { listCiRuns } from "@/lib/server/ci/list-ci-runs";
import { withSession } from "@/lib/server/http/handlers";
import { listCiRunsQuerySchema } from "@/lib/shared/validations/ci";

// GET /api/ci/runs?repository=&branch=&status=&service_id=&scope= — CI runs of the user's connected repositories
export const GET = withSession(async (request, { user }) => {
  const query = listCiRunsQuerySchema.parse(Object.fromEntries(request.nextUrl.searchParams));
  return NextResponse.json(await listCiRuns(user, query));
});
