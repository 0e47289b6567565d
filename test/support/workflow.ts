// Runs the embedded executor against functions served in-process by inngest/next's `serve`: the same
// handler /api/inngest exports, without an HTTP server in between.
import type { Inngest, InngestFunction } from "inngest";
import { serve } from "inngest/next";
import pino from "pino";
import type { Db } from "@/lib/server/database/client";
import { createExecutor, type ExecutorOptions } from "@/lib/server/executor/executor";
import { createSdkClient, type Transport } from "@/lib/server/executor/sdk-client";

// The test clients are created with this key (`new Inngest({ signingKey })`); the executor signs with it.
export const TEST_SIGNING_KEY = "signkey-test-0123456789abcdef0123456789abcdef";

export function inProcessTransport(client: Inngest.Any, functions: InngestFunction.Any[]): Transport {
  const handler = serve({ client, functions });
  return (request) => {
    const method = request.method as "GET" | "POST" | "PUT";
    return (handler[method] as (request: Request, context: unknown) => Promise<Response>)(request, {});
  };
}

export function testExecutor(db: Db, transport: Transport, options: Partial<ExecutorOptions> = {}) {
  return createExecutor({
    db,
    sdk: createSdkClient({ url: "http://localhost/api/inngest", signingKey: TEST_SIGNING_KEY, transport }),
    logger: pino({ level: process.env.LOG_LEVEL ?? "silent" }),
    pollMs: 20,
    leaseMs: 2_000,
    retryDelay: () => 20,
    ...options,
  });
}
