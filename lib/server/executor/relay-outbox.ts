// With an Inngest server configured, outbox rows are sent to it (the row id doubles as the event id, so a
// resend after a crash is deduplicated by Inngest) and marked dispatched in the same transaction.
import type { Logger } from "pino";
import type { Db } from "@/lib/server/database/client";
import { inngest } from "@/inngest/client";
import { claimEvents } from "./run-store";

const POLL_MS = 250;

export function relayOutbox(db: Db, logger: Logger): () => void {
  let running = true;
  const relay = async () => {
    while (running) {
      let sent = 0;
      try {
        sent = await db.$transaction(async (tx) => {
          const events = await claimEvents(tx, 100);
          if (events.length > 0) await inngest.send(events.map(({ id, name, data, ts }) => ({ id, name, data, ts })));
          return events.length;
        });
      } catch (error) {
        logger.warn({ err: error }, "sending workflow events to Inngest failed; will retry");
      }
      if (sent === 0) await new Promise((resolve) => setTimeout(resolve, POLL_MS));
    }
  };
  relay().catch((error: unknown) => logger.error({ err: error }, "the workflow event relay stopped"));
  return () => {
    running = false;
  };
}
