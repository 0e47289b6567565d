import { NextResponse } from "next/server";
import { parseJsonBody, withSession } from "@/lib/api/handlers";
import { createService } from "@/lib/services/create-service";
import { listServices } from "@/lib/services/list-services";
import { createServiceSchema } from "@/lib/validations/service";

// GET /api/services — the signed-in user's services
export const GET = withSession(async (_request, { user }) => NextResponse.json({ services: await listServices(user.id) }));

// POST /api/services — create a service from any Git repository
export const POST = withSession(async (request, { user }) => {
  const input = await parseJsonBody(request, createServiceSchema);
  return NextResponse.json(await createService(user.id, input), { status: 201 });
});
