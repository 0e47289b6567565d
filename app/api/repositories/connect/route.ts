import { NextResponse } from "next/server";
import { parseJsonBody, withSession } from "@/lib/server/http/handlers";
import { connectRepository } from "@/lib/server/connections/connect-repository";
import { connectRepositorySchema } from "@/lib/shared/validations/connection";

// POST /api/repositories/connect — create the service and its connection, and the provider's webhook
export const POST = withSession(async (request, { user }) => {
  const input = await parseJsonBody(request, connectRepositorySchema);
  return NextResponse.json(await connectRepository(user.id, input), { status: 201 });
});
