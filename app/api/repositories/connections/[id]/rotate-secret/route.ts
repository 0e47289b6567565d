import { NextResponse } from "next/server";
import { withSession } from "@/lib/server/http/handlers";
import { rotateSecret } from "@/lib/server/connections/rotate-secret";

// POST /api/repositories/connections/[id]/rotate-secret — new secret, provider hook updated; the old one
// verifies for 10 more minutes
export const POST = withSession<{ id: string }>(async (_request, { user, params }) => NextResponse.json(await rotateSecret(user, params.id)));
