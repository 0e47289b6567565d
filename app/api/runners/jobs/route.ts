import { NextResponse } from "next/server";
import { withSession } from "@/lib/server/http/handlers";
import { listRunnerJobs } from "@/lib/server/runners/list-runner-jobs";
import { listRunnerJobsQuerySchema } from "@/lib/shared/validations/runners";

// GET /api/runners/jobs?status=pending|running|completed&scope=mine|all — self-hosted jobs and their runners
export const GET = withSession(async (request, { user }) => {
  const query = listRunnerJobsQuerySchema.parse(Object.fromEntries(request.nextUrl.searchParams));
  return NextResponse.json(await listRunnerJobs(user, query));
});
