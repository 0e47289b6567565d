import { NextResponse } from "next/server";
import { parseJsonBody, withSession } from "@/lib/server/http/handlers";
import { createService } from "@/lib/server/services/create-service";
import { listServices } from "@/lib/server/services/list-services";
import { createServiceSchema, listServicesQuerySchema } from "@/lib/shared/validations/service";

// GET /api/services?scope=mine|all — the signed-in user's services, or (admins) everyone's
export const GET = withSession(async (request, { user }) => {
  const { scope } = listServicesQuerySchema.parse(Object.fromEntries(request.nextUrl.searchParams));
  return NextResponse.json({ services: await listServices(user, scope) });
});

// POST /api/services — create a service from any Git repository
export const POST = withSession(async (request, { user }) => {
  const input = await parseJsonBody(request, createServiceSchema);
  return NextResponse.json(await createService(user.id, input), { status: 201 });
});
