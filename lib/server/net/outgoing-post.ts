// A POST to a URL a user gave Berth (a Slack, Discord or outgoing webhook): https to a public address only,
// unless the operator allows local targets, and connected to exactly the address that was checked, so a
// second DNS answer cannot move it into Berth's network. No redirects are followed; the answer is read
// up to a small limit; a slow target is cut off.
import type { LookupFunction } from "node:net";
import { Agent, request } from "undici";
import { isPublicAddress, resolveHost, systemLookup, type Lookup } from "./public-address";

const TIMEOUT_MS = 10_000;
const ANSWER_LIMIT = 2_048;

export class OutgoingUrlRefusedError extends Error {
  override name = "OutgoingUrlRefusedError";
}

export type OutgoingAnswer = { status: number; body: string };

const OPT_IN = "set BERTH_ALLOW_LOCAL_CHANNELS=true to send to local and private addresses";

// The target and the address to connect to, or why it is refused (the addresses themselves are never named).
export async function checkOutgoingUrl(raw: string, options: { allowLocal: boolean; resolve?: Lookup }): Promise<{ url: URL; address: string }> {
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    throw new OutgoingUrlRefusedError("is not a URL");
  }
  if (url.username || url.password) throw new OutgoingUrlRefusedError("carries credentials; put them in the path or query as the service documents");
  if (url.protocol !== "https:" && !(url.protocol === "http:" && options.allowLocal)) throw new OutgoingUrlRefusedError(`must be https://; ${OPT_IN} over plain http`);
  const host = url.hostname.replace(/^\[(.*)\]$/, "$1");
  const addresses = await resolveHost(host, options.resolve ?? systemLookup).catch((error: unknown) => {
    throw new OutgoingUrlRefusedError(`names a host that does not resolve (${host}): ${error instanceof Error ? error.message : String(error)}`);
  });
  const address = options.allowLocal ? addresses[0] : addresses.find(isPublicAddress);
  if (!address || (!options.allowLocal && addresses.some((candidate) => !isPublicAddress(candidate)))) {
    throw new OutgoingUrlRefusedError(`points at a loopback, private, link-local or otherwise non-public address; ${OPT_IN}`);
  }
  return { url, address };
}

export async function postOutgoing(raw: string, body: string, headers: Record<string, string>, options: { allowLocal: boolean }): Promise<OutgoingAnswer> {
  const { url, address } = await checkOutgoingUrl(raw, options);
  const family = address.includes(":") ? 6 : 4;
  const pinned: LookupFunction = (_host, lookupOptions, callback) => {
    if ((lookupOptions as { all?: boolean }).all) (callback as (error: null, addresses: { address: string; family: number }[]) => void)(null, [{ address, family }]);
    else callback(null, address, family);
  };
  const dispatcher = new Agent({ connect: { lookup: pinned, timeout: TIMEOUT_MS }, headersTimeout: TIMEOUT_MS, bodyTimeout: TIMEOUT_MS });
  try {
    const answer = await request(url, {
      method: "POST",
      body,
      headers: { "content-type": "application/json", "user-agent": "Berth", ...headers },
      dispatcher,
      signal: AbortSignal.timeout(TIMEOUT_MS),
    });
    return { status: answer.statusCode, body: await readLimited(answer.body) };
  } finally {
    await dispatcher.close().catch(() => {});
  }
}

async function readLimited(stream: AsyncIterable<Buffer>): Promise<string> {
  let text = "";
  for await (const chunk of stream) {
    text += chunk.toString("utf8");
    if (text.length >= ANSWER_LIMIT) break;
  }
  return text.slice(0, ANSWER_LIMIT);
}
