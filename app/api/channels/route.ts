import { NextResponse } from "next/server";
import { parseJsonBody, withSession } from "@/lib/server/http/handlers";
import { createChannel } from "@/lib/server/channels/create-channel";
import { listChannels } from "@/lib/server/channels/list-channels";
import { createChannelSchema } from "@/lib/shared/validations/channel";

// GET /api/channels — the signed-in user's notification channels (never their URLs or secrets)
export const GET = withSession(async (_request, { user }) => NextResponse.json(await listChannels(user)));

// POST /api/channels — {kind: slack|discord|webhook, url | kind: email, address; name, events?, service_id?} → 201;
// a webhook channel's signing_secret is in this answer only
export const POST = withSession(async (request, { user }) => NextResponse.json(await createChannel(user, await parseJsonBody(request, createChannelSchema)), { status: 201 }));
