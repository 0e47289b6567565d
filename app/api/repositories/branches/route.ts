import { NextResponse } from "next/server";
import { withSession } from "@/lib/server/http/handlers";
import { asApiError } from "@/lib/server/connections/provider-errors";
import { providerClientFor } from "@/lib/server/providers/provider-client";
import { listBranchesQuerySchema } from "@/lib/shared/validations/connection";

// GET /api/repositories/branches?provider=&repository=owner/name — the repository's branches at the provider
export const GET = withSession(async (request, { user }) => {
  const query = listBranchesQuerySchema.parse(Object.fromEntries(request.nextUrl.searchParams));
  try {
    const client = await providerClientFor(user.id, query.provider);
    return NextResponse.json({ branches: await client.listBranches(query.repository) });
  } catch (error) {
    throw asApiError(error);
  }
});
