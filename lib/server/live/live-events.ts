// Live updates between processes: PostgreSQL NOTIFY carries "something changed" (ids only, never content);
// each process keeps one LISTEN connection and fans out to its subscribers (SSE streams), which then read
// the rows themselves.
import { EventEmitter } from "node:events";
import pg from "pg";
import { z } from "zod";
import { db } from "@/lib/server/db";
import { env } from "@/lib/server/env";
import { logger } from "@/lib/server/logger";

const CHANNEL = "berth_live";
const RECONNECT_MS = 1_000;

const liveEventSchema = z.discriminatedUnion("type", [
  z.object({ type: z.literal("log"), deploymentId: z.string() }),
  z.object({ type: z.literal("notification"), userId: z.string() }),
  z.object({ type: z.literal("deployment"), userId: z.string(), serviceId: z.string(), deploymentId: z.string() }),
  // A CI run or incident of the user's changed.
  z.object({ type: z.literal("ci"), userId: z.string() }),
  // A service's previews changed (a pull request opened, moved, waits, closed).
  z.object({ type: z.literal("preview"), userId: z.string(), serviceId: z.string() }),
  // A workflow event was committed (sent by a trigger on "WorkflowEvent"): executors wake up.
  z.object({ type: z.literal("outbox") }),
]);

export type LiveEvent = z.infer<typeof liveEventSchema>;

export async function publishLive(event: LiveEvent): Promise<void> {
  await db.$executeRaw`SELECT pg_notify(${CHANNEL}, ${JSON.stringify(event)})`;
}

type Hub = { emitter: EventEmitter; client?: pg.Client; connecting?: Promise<void> };
const cache = globalThis as unknown as { berthLiveHub?: Hub };

function hub(): Hub {
  cache.berthLiveHub ??= { emitter: new EventEmitter().setMaxListeners(0) };
  return cache.berthLiveHub;
}

async function listen(state: Hub): Promise<void> {
  const client = new pg.Client({ connectionString: env().DATABASE_URL });
  client.on("notification", (message) => {
    const parsed = liveEventSchema.safeParse(JSON.parse(message.payload ?? "null"));
    if (parsed.success) state.emitter.emit("event", parsed.data);
  });
  client.on("error", (error) => {
    logger.warn({ err: error }, "live event connection lost; reconnecting");
    state.client = undefined;
    state.connecting = undefined;
    // Subscribers may have missed events: tell them to re-read.
    state.emitter.emit("resync");
    reconnect(state);
  });
  await client.connect();
  await client.query(`LISTEN ${CHANNEL}`);
  state.client = client;
}

// Every second until the database answers again.
function reconnect(state: Hub): void {
  setTimeout(() => {
    ensureListening(state).catch((error: unknown) => {
      logger.warn({ err: error }, "live event connection still down; retrying");
      reconnect(state);
    });
  }, RECONNECT_MS);
}

function ensureListening(state: Hub): Promise<void> {
  if (state.client) return Promise.resolve();
  state.connecting ??= listen(state).catch((error: unknown) => {
    state.connecting = undefined;
    throw error;
  });
  return state.connecting;
}

// Calls onEvent for every live event (and onResync after a reconnect) until the returned function is called.
export async function subscribeLive(onEvent: (event: LiveEvent) => void, onResync: () => void = () => {}): Promise<() => void> {
  const state = hub();
  state.emitter.on("event", onEvent);
  state.emitter.on("resync", onResync);
  await ensureListening(state);
  return () => {
    state.emitter.off("event", onEvent);
    state.emitter.off("resync", onResync);
  };
}
