// A stand-in for an Inngest server, speaking its side of the SDK protocol (docs/SDK_SPEC.md in inngest/inngest)
// as the server does, written apart from Berth's embedded executor so the two cannot share a mistake: the
// event API (POST /e/{event key}) records what an app sends, and `drive` runs one function for one event by
// calling the app's serve endpoint, signed (X-Inngest-Signature over the RFC 8785 body and a timestamp),
// memoizing each step's result and calling again until the function completes. Every request and answer is
// kept as a transcript. Test code only.
import { createHmac, randomUUID } from "node:crypto";
import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import canonicalize from "canonicalize";

export type SentEvent = { id?: string; name: string; data: Record<string, unknown>; ts?: number };
export type Exchange = { stepId: string; status: number; ops: string[] };
type Endpoint = (request: Request) => Promise<Response>;
type Op = { id: string; op: string; data?: unknown; error?: unknown; opts?: Record<string, unknown> };

const MAX_CALLS = 200;

export function inngestSignature(body: string, signingKey: string, now = Date.now()): string {
  const t = String(Math.floor(now / 1000));
  const key = signingKey.replace(/^signkey-\w+-/, "");
  return `t=${t}&s=${createHmac("sha256", key).update(body).update(t).digest("hex")}`;
}

export async function startInngestServer(options: { eventKey: string; signingKey: string }) {
  const events: SentEvent[] = [];
  const refusedKeys: string[] = [];
  const server = createServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on("data", (chunk: Buffer) => chunks.push(chunk));
    request.on("end", () => {
      const key = /^\/e\/([^/?]+)/.exec(request.url ?? "")?.[1];
      if (request.method !== "POST" || !key) {
        response.writeHead(404, { "Content-Type": "application/json" }).end(JSON.stringify({ error: "not found" }));
        return;
      }
      if (key !== options.eventKey) {
        refusedKeys.push(key);
        response.writeHead(401, { "Content-Type": "application/json" }).end(JSON.stringify({ error: "Event key not found", status: 401 }));
        return;
      }
      const body = JSON.parse(Buffer.concat(chunks).toString("utf8")) as SentEvent | SentEvent[];
      const batch = Array.isArray(body) ? body : [body];
      events.push(...batch);
      response.writeHead(200, { "Content-Type": "application/json" }).end(JSON.stringify({ ids: batch.map((event) => event.id ?? randomUUID()), status: 200 }));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;

  function call(endpoint: Endpoint, appUrl: string, functionId: string, stepId: string, body: unknown, signingKey = options.signingKey) {
    const text = canonicalize(body) ?? "";
    const query = new URLSearchParams({ fnId: functionId, stepId });
    return endpoint(
      new Request(`${appUrl}?${query}`, {
        method: "POST",
        body: text,
        headers: { "content-type": "application/json", "x-inngest-signature": inngestSignature(text, signingKey), "x-inngest-server-kind": "cloud" },
      }),
    );
  }

  return {
    url,
    events,
    refusedKeys,
    call,
    // Runs functionId for event to its end: its output, and the transcript of calls.
    async drive(endpoint: Endpoint, appUrl: string, functionId: string, event: SentEvent) {
      const payload = { id: event.id, name: event.name, data: event.data, ts: event.ts ?? Date.now(), user: {} };
      const runId = `01${randomUUID().replaceAll("-", "").slice(0, 24).toUpperCase()}`;
      const steps: Record<string, unknown> = {};
      const stack: string[] = [];
      const transcript: Exchange[] = [];
      const queue = ["step"];
      let attempt = 0;
      for (let calls = 0; calls < MAX_CALLS; calls++) {
        const stepId = queue.shift() ?? "step";
        const body = {
          event: payload,
          events: [payload],
          version: 2,
          steps,
          ctx: { run_id: runId, attempt, max_attempts: 3, disable_immediate_execution: false, use_api: false, stack: { stack: [...stack], current: stack.length } },
        };
        const response = await call(endpoint, appUrl, functionId, stepId, body);
        const answer: unknown = await response.json().catch(() => null);
        if (response.status === 200) {
          transcript.push({ stepId, status: 200, ops: [] });
          return { output: answer, transcript };
        }
        if (response.status !== 206) {
          transcript.push({ stepId, status: response.status, ops: [] });
          if (response.headers.get("x-inngest-no-retry") === "true" || attempt >= 2) return { error: answer, transcript };
          attempt++;
          queue.unshift(stepId);
          continue;
        }
        const ops = answer as Op[];
        transcript.push({ stepId, status: 206, ops: ops.map((op) => `${op.op}:${op.id}`) });
        for (const op of ops) {
          if (op.op === "StepRun") {
            steps[op.id] = { data: op.data ?? null };
            stack.push(op.id);
            attempt = 0;
          } else if (op.op === "StepFailed") {
            steps[op.id] = { error: op.error };
            stack.push(op.id);
          } else if (op.op === "StepError") {
            attempt++;
            queue.push(stepId);
          } else if (op.op === "StepPlanned") {
            queue.push(op.id);
          } else if (op.op === "Sleep") {
            // Time passes at once here: the sleep is over by the next call.
            steps[op.id] = null;
            stack.push(op.id);
          } else {
            throw new Error(`The Inngest server stand-in does not know op ${op.op}`);
          }
        }
      }
      throw new Error(`${functionId} did not finish within ${MAX_CALLS} calls`);
    },
    stop: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
