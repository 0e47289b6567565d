import { NextResponse } from "next/server";
import { parseJsonBody, withSession } from "@/lib/server/http/handlers";
import { disconnectRepository } from "@/lib/server/connections/disconnect-repository";
import { getConnection } from "@/lib/server/connections/get-connection";
import { updateConnection } from "@/lib/server/connections/update-connection";
import { updateConnectionSchema } from "@/lib/shared/validations/connection";

type Params = { id: string };

// GET /api/repositories/connections/[id] — webhook status and settings (never the secret)
export const GET = withSession<Params>(async (_request, { user, params }) => NextResponse.json(await getConnection(user, params.id)));

// PATCH /api/repositories/connections/[id] — is_enabled, branch, events (events also update the provider's hook)
export const PATCH = withSession<Params>(async (request, { user, params }) => {
  const patch = await parseJsonBody(request, updateConnectionSchema);
  return NextResponse.json(await updateConnection(user, params.id, patch));
});

// DELETE /api/repositories/connections/[id]?delete_webhook=true — disconnect, removing the provider's hook
export const DELETE = withSession<Params>(async (request, { user, params }) => {
  const deleteWebhook = request.nextUrl.searchParams.get("delete_webhook") !== "false";
  return NextResponse.json(await disconnectRepository(user, params.id, deleteWebhook));
});
