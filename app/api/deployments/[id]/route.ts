import { NextResponse } from "next/server";
import { withSession } from "@/lib/server/http/handlers";
import { getDeploymentOrThrow } from "@/lib/server/deployments/get-deployment-or-throw";
import { serializeDeployment } from "@/lib/server/deployments/serialize-deployment";

// GET /api/deployments/[id] — one deployment
export const GET = withSession<{ id: string }>(async (_request, { user, params }) =>
  NextResponse.json(serializeDeployment(await getDeploymentOrThrow(user, params.id))),
);
