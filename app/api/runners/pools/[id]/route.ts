import { NextResponse } from "next/server";
import { parseJsonBody, withSession } from "@/lib/server/http/handlers";
import { deletePool, updatePool } from "@/lib/server/runners/pools";
import { updateRunnerPoolSchema } from "@/lib/shared/validations/runners";

// PATCH /api/runners/pools/[id] — change any of a pool's settings (admins)
export const PATCH = withSession<{ id: string }>(async (request, { user, params }) =>
  NextResponse.json(await updatePool(user, params.id, await parseJsonBody(request, updateRunnerPoolSchema))),
);

// DELETE /api/runners/pools/[id] — 204
export const DELETE = withSession<{ id: string }>(async (_request, { user, params }) => {
  await deletePool(user, params.id);
  return new Response(null, { status: 204 });
});
