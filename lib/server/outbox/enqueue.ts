// The outbox writer: a workflow event is a row written in the same transaction as the rows it is about, so
// it exists exactly when they do. The executor (or the relay to an Inngest server) takes it from there.
import { randomUUID } from "node:crypto";
import type { Prisma } from "@/lib/generated/prisma/client";
import type { BerthEvent } from "./events";

// Returns the unsent query, so it also joins a batch: db.$transaction([..., enqueue(db, event)]).
export function enqueue(tx: Pick<Prisma.TransactionClient, "workflowEvent">, event: BerthEvent) {
  return tx.workflowEvent.create({ data: { id: randomUUID(), name: event.name, data: event.data } });
}
