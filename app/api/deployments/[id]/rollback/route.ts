import { NextResponse } from "next/server";
import { withSession } from "@/lib/server/http/handlers";
import { requestRollback } from "@/lib/server/deployments/request-rollback";

// POST /api/deployments/[id]/rollback — deploy this earlier deployment's image again
export const POST = withSession<{ id: string }>(
  async (_request, { user, params }) => NextResponse.json(await requestRollback(user, params.id), { status: 202 }),
  { tokenScope: "deploy" },
);
