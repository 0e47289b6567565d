// Each service's connection row as this process last read it, so that a delivery costs one statement instead of two.
// Never trusted on its own: every statement that records or acts on a delivery checks the row's version in the same
// statement (delivery-store.ts), a signature that does not verify is checked again against a fresh read, and on any
// mismatch the entry is dropped and the delivery handled again from a fresh read. Secrets stay sealed in it. Bounded:
// past MAX_ENTRIES the least recently read entry goes.
import type { ConnectionRow } from "./delivery-store";

const MAX_ENTRIES = 10_000;
const entries = new Map<string, ConnectionRow>();

export const connectionCache = {
  get(serviceId: string): ConnectionRow | undefined {
    return entries.get(serviceId);
  },
  set(serviceId: string, row: ConnectionRow) {
    entries.delete(serviceId);
    entries.set(serviceId, row);
    if (entries.size > MAX_ENTRIES) entries.delete(entries.keys().next().value ?? "");
  },
  delete(serviceId: string) {
    entries.delete(serviceId);
  },
};
