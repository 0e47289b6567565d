// Server-Sent Events over a web ReadableStream: named events with ids, a heartbeat comment so proxies
// keep the connection open, and cleanup when the client goes away.
import { logger } from "@/lib/server/logger";

const HEARTBEAT_MS = 15_000;

export type SseSink = {
  send(event: { event?: string; id?: string; data: unknown }): void;
  close(): void;
};

export function sseResponse(signal: AbortSignal, start: (sink: SseSink) => Promise<() => void>): Response {
  const encoder = new TextEncoder();
  let cleanup: (() => void) | undefined;
  let heartbeat: NodeJS.Timeout | undefined;
  let closed = false;
  const stream = new ReadableStream<Uint8Array>({
    async start(controller) {
      const finish = () => {
        if (closed) return;
        closed = true;
        clearInterval(heartbeat);
        cleanup?.();
        controller.close();
      };
      const sink: SseSink = {
        send({ event, id, data }) {
          if (closed) return;
          const lines = [event ? `event: ${event}` : "", id ? `id: ${id}` : "", `data: ${JSON.stringify(data)}`].filter(Boolean);
          controller.enqueue(encoder.encode(`${lines.join("\n")}\n\n`));
        },
        close: finish,
      };
      signal.addEventListener("abort", finish, { once: true });
      heartbeat = setInterval(() => !closed && controller.enqueue(encoder.encode(": keep-alive\n\n")), HEARTBEAT_MS);
      controller.enqueue(encoder.encode("retry: 2000\n\n"));
      cleanup = await start(sink);
      if (closed) cleanup();
    },
    cancel() {
      closed = true;
      clearInterval(heartbeat);
      cleanup?.();
    },
  });
  return new Response(stream, {
    headers: { "content-type": "text/event-stream; charset=utf-8", "cache-control": "no-cache, no-transform", connection: "keep-alive", "x-accel-buffering": "no" },
  });
}

// Runs fn whenever asked, never twice at once, and once more if asked while running: readers that catch
// up from the database after each "something changed". A failed read goes to onError.
export function serialPump(fn: () => Promise<void>, onError: (error: unknown) => void): () => void {
  let running = false;
  let again = false;
  const run = async () => {
    if (running) {
      again = true;
      return;
    }
    running = true;
    try {
      do {
        again = false;
        await fn();
      } while (again);
    } finally {
      running = false;
    }
  };
  return () => {
    run().catch(onError);
  };
}

// A stream whose read failed ends; the browser's EventSource reconnects and resumes from its last event id.
export function closeOnError(sink: SseSink, what: string): (error: unknown) => void {
  return (error) => {
    logger.warn({ err: error }, `${what} stream failed; closing it so the browser reconnects`);
    sink.close();
  };
}
