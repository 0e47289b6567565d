import { NextResponse } from "next/server";
import { parseJsonBody, withSession } from "@/lib/api/handlers";
import { createService } from "@/lib/services/create-service";
import { listServices } from "@/lib/services/list-services";
import { createServiceSchema, listServicesQuerySchema } from "@/lib/validations/service";

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
