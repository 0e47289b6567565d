import { NextResponse } from "next/server";
import { withSession } from "@/lib/api/handlers";
import { asApiError } from "@/lib/connections/provider-errors";
import { providerClientFor } from "@/lib/providers/provider-client";
import { listBranchesQuerySchema } from "@/lib/validations/connection";

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
