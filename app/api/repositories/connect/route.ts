import { NextResponse } from "next/server";
import { parseJsonBody, withSession } from "@/lib/api/handlers";
import { connectRepository } from "@/lib/connections/connect-repository";
import { connectRepositorySchema } from "@/lib/validations/connection";

// POST /api/repositories/connect — create the service and its connection, and the provider's webhook
export const POST = withSession(async (request, { user }) => {
  const input = await parseJsonBody(request, connectRepositorySchema);
  return NextResponse.json(await connectRepository(user.id, input), { status: 201 });
});
