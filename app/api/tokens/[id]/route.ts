import { revokeApiToken } from "@/lib/server/auth/api-tokens";
import { withSession } from "@/lib/server/http/handlers";

// DELETE /api/tokens/[id] — revoke it now → 204 (it stays listed, revoked)
export const DELETE = withSession<{ id: string }>(
  async (_request, { user, params }) => {
    await revokeApiToken(user, params.id);
    return new Response(null, { status: 204 });
  },
  { tokens: false },
);
