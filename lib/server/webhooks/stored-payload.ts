// What the audit log keeps of a verified payload. Deliveries up to STORED_PAYLOAD_BYTES are kept as sent;
// a larger one (GitHub sends up to 25 MB) is kept with its long arrays and strings cut, and a `_berth`
// note at the top saying so, until it fits. The decision was made on the whole payload before this; a
// replay re-reads the kept one, whose shape the parsers still accept (they ignore unknown keys).
import type { Prisma } from "@/lib/generated/prisma/client";

export const STORED_PAYLOAD_BYTES = 1024 * 1024;

// Tried in order until the payload fits.
const CUTS = [
  { items: 100, chars: 16 * 1024 },
  { items: 20, chars: 2 * 1024 },
  { items: 5, chars: 256 },
];

export function storedPayload(payload: Prisma.InputJsonValue, receivedBytes: number): Prisma.InputJsonValue {
  if (receivedBytes <= STORED_PAYLOAD_BYTES) return payload;
  for (const cut of CUTS) {
    const trimmed = trim(payload, cut);
    const note = {
      truncated: true,
      received_bytes: receivedBytes,
      kept: `arrays cut to their first ${cut.items} entries, strings to ${cut.chars} characters`,
    };
    const candidate = isObject(trimmed) ? { ...trimmed, _berth: note } : { value: trimmed, _berth: note };
    if (JSON.stringify(candidate).length <= STORED_PAYLOAD_BYTES) return candidate;
  }
  return { _berth: { truncated: true, received_bytes: receivedBytes, kept: "nothing: even trimmed, the payload was too large to keep" } };
}

function trim(value: Prisma.InputJsonValue, cut: { items: number; chars: number }): Prisma.InputJsonValue {
  if (typeof value === "string") return value.length > cut.chars ? `${value.slice(0, cut.chars)}… [cut]` : value;
  if (Array.isArray(value)) return value.slice(0, cut.items).map((item) => trim(item as Prisma.InputJsonValue, cut));
  if (isObject(value)) {
    return Object.fromEntries(Object.entries(value).map(([key, item]) => [key, item === null ? null : trim(item, cut)]));
  }
  return value;
}

function isObject(value: unknown): value is Record<string, Prisma.InputJsonValue | null> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}
