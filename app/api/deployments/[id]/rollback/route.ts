import { NextResponse } from "next/server";
import { withSession } from "@/lib/api/handlers";
import { requestRollback } from "@/lib/deployments/request-rollback";

// POST /api/deployments/[id]/rollback — deploy this earlier deployment's image again
export const POST = withSession<{ id: string }>(async (_request, { user, params }) =>
  NextResponse.json(await requestRollback(user, params.id), { status: 202 }),
);
