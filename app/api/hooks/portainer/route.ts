import { NextResponse } from "next/server";
import { publicRoute } from "@/lib/server/http/handlers";
import { receivePortainerHook } from "@/lib/server/webhooks/portainer-hook";

// POST /api/hooks/portainer — the Portainer deploy tool's update hook (X-Portainer-Signature), kept compatible.
export const POST = publicRoute(async (request) => {
  const { status, body, headers } = await receivePortainerHook(request);
  return NextResponse.json(body, { status, headers });
});
