// The traffic router's answers, from its routing table: a service lookup gets an SRV record per upstream of
// the live deployment (its container, or each running task of a Swarm service), or the proxy's "no such
// service" listener; and each address's name gets its A record. Pure: packets in, packets out.
import packet from "dns-packet";
import { addressName, addressOfName, inZone, slugOfLookup } from "./names";

export type Upstream = { host: string; port: number };
export type RouteTable = ReadonlyMap<string, readonly Upstream[]>;

// Caddy refreshes on its own schedule (LOOKUP_REFRESH_MS) and ignores this; it only keeps other resolvers honest.
const TTL_SECONDS = 1;

const RCODE = { noError: 0, formatError: 1, nameError: 3, refused: 5 } as const;

// undefined: not a DNS message at all, so nothing is sent back.
export function answerQuery(message: Buffer, table: RouteTable, unrouted: Upstream): Buffer | undefined {
  let query: packet.Packet;
  try {
    query = packet.decode(message);
  } catch {
    return undefined;
  }
  if (query.type !== "query") return undefined;
  const questions = query.questions ?? [];
  const reply = (rcode: number, answers: packet.Answer[] = []) =>
    packet.encode({
      id: query.id,
      type: "response",
      flags: packet.AUTHORITATIVE_ANSWER | ((query.flags ?? 0) & packet.RECURSION_DESIRED) | rcode,
      questions,
      answers,
    });
  const [question] = questions;
  if (!question || questions.length !== 1) return reply(RCODE.formatError);
  if (!inZone(question.name)) return reply(RCODE.refused);

  const slug = slugOfLookup(question.name);
  if (slug !== undefined) {
    if (question.type !== "SRV") return reply(RCODE.noError);
    const upstreams = table.get(slug) ?? [unrouted];
    return reply(
      RCODE.noError,
      upstreams.map((upstream) => ({
        type: "SRV" as const,
        name: question.name,
        ttl: TTL_SECONDS,
        data: { priority: 0, weight: 1, port: upstream.port, target: addressName(upstream.host) },
      })),
    );
  }
  const address = addressOfName(question.name);
  if (address !== undefined) {
    // No IPv6 address, but the name exists: an empty answer, which resolvers asking A and AAAA together expect.
    if (question.type !== "A") return reply(RCODE.noError);
    return reply(RCODE.noError, [{ type: "A", name: question.name, ttl: TTL_SECONDS, data: address }]);
  }
  return reply(RCODE.nameError);
}
