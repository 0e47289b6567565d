import { NextResponse } from "next/server";
import { withSession } from "@/lib/server/http/handlers";
import { approvePreview } from "@/lib/server/previews/manage-previews";

// POST /api/previews/[id]/approve — build a waiting pull request's head commit → {message, deployment_id}
export const POST = withSession<{ id: string }>(async (_request, { user, params }) => NextResponse.json(await approvePreview(user, params.id)));
