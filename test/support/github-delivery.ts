// A delivery signed the way GitHub signs it. No app imports, so the benchmarks can use it too.
import { createHmac, randomUUID } from "node:crypto";

export const hmacHex = (secret: string, body: Buffer | string) => createHmac("sha256", secret).update(body).digest("hex");

export interface Delivery {
  body: Buffer | string;
  headers: Record<string, string>;
  address?: string;
}

export function githubDelivery(secret: string, event: string, payload: unknown, overrides: Record<string, string> = {}): Delivery & { body: Buffer } {
  const body = Buffer.from(JSON.stringify(payload));
  return {
    body,
    headers: {
      "content-type": "application/json",
      "x-github-event": event,
      "x-github-delivery": randomUUID(),
      "x-hub-signature-256": `sha256=${hmacHex(secret, body)}`,
      ...overrides,
    },
  };
}
