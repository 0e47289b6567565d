import { NextResponse } from "next/server";
import { parseJsonBody, withSession } from "@/lib/server/http/handlers";
import { deleteService } from "@/lib/server/services/delete-service";
import { getServiceDetail } from "@/lib/server/connections/get-service-detail";
import { updateService } from "@/lib/server/services/update-service";
import { updateServiceSchema } from "@/lib/shared/validations/service";

type Params = { id: string };

// GET /api/services/[id] — one service
export const GET = withSession<Params>(async (_request, { user, params }) => NextResponse.json(await getServiceDetail(user, params.id)));

// PATCH /api/services/[id] — change settings; env_vars entries set to null are removed
export const PATCH = withSession<Params>(async (request, { user, params }) => {
  const patch = await parseJsonBody(request, updateServiceSchema);
  return NextResponse.json(await updateService(user, params.id, patch));
});

// DELETE /api/services/[id] — remove the service and its history
export const DELETE = withSession<Params>(async (_request, { user, params }) => {
  await deleteService(user, params.id);
  return new NextResponse(null, { status: 204 });
});
