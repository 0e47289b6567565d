// /api/inngest as Berth exposes it. With the embedded executor, only the executor calls it: a request
// must come from this machine's loopback or carry Inngest's signature (which the SDK then verifies), and
// functions sync in-band only. An unsigned PUT would otherwise make the SDK register itself with
// Inngest's cloud, out of band, signed with Berth's key. With an Inngest server the SDK's own checks
// apply. Either way the URL the SDK announces is BERTH_INTERNAL_URL, never the caller's Host header.
import { env, workflowMode } from "@/lib/server/env";
import { clientAddress, isLoopback } from "@/lib/server/net/client-address";

type Handler = (request: Request, context: unknown) => Promise<Response>;
type Handlers = Record<"GET" | "POST" | "PUT", Handler>;

export function embeddedRefusal(request: Request): { status: number; detail: string } | null {
  if (!isLoopback(clientAddress(request)) && !request.headers.get("x-inngest-signature")) {
    return { status: 401, detail: "The workflow endpoint answers only this machine or requests signed with Berth's Inngest signing key" };
  }
  if (request.method === "PUT" && request.headers.get("x-inngest-sync-kind") !== "in_band") {
    return { status: 403, detail: "Functions sync in-band only: the embedded executor never registers this Berth anywhere out of band" };
  }
  return null;
}

// serveSdk builds the SDK's handlers for the origin to announce; it runs on the first request, since
// `next build` loads route modules without a runtime configuration.
export function guardWorkflowEndpoint(serveSdk: (serveOrigin: string) => unknown): Handlers {
  let handlers: Handlers | undefined;
  const guarded =
    (method: keyof Handlers): Handler =>
    async (request, context) => {
      const config = env();
      const refusal = workflowMode(config) === "embedded" ? embeddedRefusal(request) : null;
      if (refusal) return Response.json({ detail: refusal.detail }, { status: refusal.status });
      handlers ??= serveSdk(new URL(config.BERTH_INTERNAL_URL).origin) as Handlers;
      return handlers[method](request, context);
    };
  return { GET: guarded("GET"), POST: guarded("POST"), PUT: guarded("PUT") };
}
