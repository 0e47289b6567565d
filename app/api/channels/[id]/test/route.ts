import { NextResponse } from "next/server";
import { withSession } from "@/lib/server/http/handlers";
import { testChannel } from "@/lib/server/channels/test-channel";

// POST /api/channels/[id]/test — one test message, sent now → {ok, delivery}
export const POST = withSession<{ id: string }>(async (_request, { user, params }) => NextResponse.json(await testChannel(user, params.id)));
