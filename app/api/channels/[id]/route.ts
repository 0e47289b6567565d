import { NextResponse } from "next/server";
import { parseJsonBody, withSession } from "@/lib/server/http/handlers";
import { deleteChannel, updateChannel } from "@/lib/server/channels/update-channel";
import { updateChannelSchema } from "@/lib/shared/validations/channel";

type Params = { id: string };

// PATCH /api/channels/[id] — {name?, events?, enabled?}
export const PATCH = withSession<Params>(async (request, { user, params }) =>
  NextResponse.json(await updateChannel(user, params.id, await parseJsonBody(request, updateChannelSchema))),
);

// DELETE /api/channels/[id] — 204, with its delivery log
export const DELETE = withSession<Params>(async (_request, { user, params }) => {
  await deleteChannel(user, params.id);
  return new Response(null, { status: 204 });
});
