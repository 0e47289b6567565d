import { NextResponse } from "next/server";
import { withSession } from "@/lib/api/handlers";
import { getDeploymentOrThrow } from "@/lib/deployments/get-deployment-or-throw";
import { serializeDeployment } from "@/lib/deployments/serialize-deployment";

// GET /api/deployments/[id] — one deployment
export const GET = withSession<{ id: string }>(async (_request, { user, params }) =>
  NextResponse.json(serializeDeployment(await getDeploymentOrThrow(user, params.id))),
);
