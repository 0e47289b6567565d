import { NextResponse } from "next/server";
import { parseJsonBody, withSession } from "@/lib/server/http/handlers";
import { listDeployments } from "@/lib/server/deployments/list-deployments";
import { requestDeployment } from "@/lib/server/deployments/request-deployment";
import { deploymentListQuerySchema, requestDeploymentSchema } from "@/lib/shared/validations/deployment";

type Params = { id: string };

// GET /api/services/[id]/deployments — newest first (?limit=, default 20)
export const GET = withSession<Params>(async (request, { user, params }) => {
  const { limit } = deploymentListQuerySchema.parse(Object.fromEntries(request.nextUrl.searchParams));
  return NextResponse.json(await listDeployments(user, params.id, limit));
});

// POST /api/services/[id]/deployments — deploy the branch head, or { "commit_sha": "…" }
export const POST = withSession<Params>(
  async (request, { user, params }) => {
    const input = await parseJsonBody(request, requestDeploymentSchema);
    return NextResponse.json(await requestDeployment(user, params.id, input), { status: 202 });
  },
  { tokenScope: "deploy" },
);
