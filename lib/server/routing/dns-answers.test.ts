import packet from "dns-packet";
import { describe, expect, it } from "vitest";
import { answerQuery, type RouteTable } from "./dns-answers";
import { ROUTE_ZONE, serviceLookupName } from "./names";

const table: RouteTable = new Map([
  ["shop", [{ host: "127.0.0.1", port: 32768 }]],
  ["web", [{ host: "10.0.0.5", port: 30001 }, { host: "10.0.0.6", port: 30002 }]],
]);
const unrouted = { host: "127.0.0.1", port: 5380 };

function ask(name: string, type: packet.RecordType = "SRV", extra: Partial<packet.Packet> = {}) {
  const query = packet.encode({ id: 4242, type: "query", flags: packet.RECURSION_DESIRED, questions: [{ name, type, class: "IN" }], ...extra });
  const answer = answerQuery(query, table, unrouted);
  // dns-packet's types leave out the response code it decodes.
  return answer && (packet.decode(answer) as packet.DecodedPacket & { rcode?: string });
}

describe("the traffic router's answers", () => {
  it("points a deployed service's lookup at its live container", () => {
    const reply = ask(serviceLookupName("shop"));
    expect(reply).toMatchObject({ id: 4242, type: "response", rcode: "NOERROR", flag_aa: true });
    expect(reply?.answers).toEqual([
      expect.objectContaining({ type: "SRV", name: serviceLookupName("shop"), data: { priority: 0, weight: 1, port: 32768, target: `a-127-0-0-1.${ROUTE_ZONE}` } }),
    ]);
  });

  it("points a Swarm service's lookup at every running task, so Caddy spreads requests and retries another", () => {
    expect(ask(serviceLookupName("web"))?.answers?.map((answer) => (answer as packet.SrvAnswer).data)).toEqual([
      { priority: 0, weight: 1, port: 30001, target: `a-10-0-0-5.${ROUTE_ZONE}` },
      { priority: 0, weight: 1, port: 30002, target: `a-10-0-0-6.${ROUTE_ZONE}` },
    ]);
  });

  it("answers the target's address, and an empty AAAA rather than an error", () => {
    expect(ask(`a-127-0-0-1.${ROUTE_ZONE}`, "A")?.answers).toEqual([expect.objectContaining({ type: "A", data: "127.0.0.1" })]);
    expect(ask(`A-127-0-0-1.${ROUTE_ZONE.toUpperCase()}.`, "A")?.answers).toEqual([expect.objectContaining({ data: "127.0.0.1" })]);
    const aaaa = ask(`a-127-0-0-1.${ROUTE_ZONE}`, "AAAA");
    expect(aaaa).toMatchObject({ rcode: "NOERROR", answers: [] });
  });

  it("sends a service nobody deployed, or one deleted, to the proxy's not-found listener", () => {
    expect(ask(serviceLookupName("gone"))?.answers?.[0]).toMatchObject({ data: { port: 5380, target: `a-127-0-0-1.${ROUTE_ZONE}` } });
  });

  it("folds case: host names are case-insensitive", () => {
    expect(ask(serviceLookupName("SHOP"))?.answers?.[0]).toMatchObject({ data: { port: 32768 } });
  });

  it("refuses names outside its zone: it is nobody's recursive resolver", () => {
    expect(ask("example.com", "A")).toMatchObject({ rcode: "REFUSED", answers: [] });
    expect(ask(`shop.${ROUTE_ZONE}.evil.example`, "SRV")).toMatchObject({ rcode: "REFUSED" });
  });

  it("says no such name for what a hostile Host header could make Caddy ask", () => {
    for (const name of [`_http._tcp.a.b.${ROUTE_ZONE}`, `_http._tcp.-bad-.${ROUTE_ZONE}`, `_http._tcp.a_b.${ROUTE_ZONE}`, `a-999-0-0-1.${ROUTE_ZONE}`, `a-1-2-3.${ROUTE_ZONE}`]) {
      expect(ask(name, "SRV")?.rcode, name).toBe("NXDOMAIN");
    }
    expect(ask(`a-999-0-0-1.${ROUTE_ZONE}`, "A")?.rcode).toBe("NXDOMAIN");
  });

  it("drops what is not a DNS query and rejects a query with several questions", () => {
    expect(answerQuery(Buffer.from("GET / HTTP/1.1\r\n\r\n"), table, unrouted)).toBeUndefined();
    expect(answerQuery(Buffer.alloc(0), table, unrouted)).toBeUndefined();
    const response = packet.encode({ id: 1, type: "response", questions: [{ name: serviceLookupName("shop"), type: "SRV" }] });
    expect(answerQuery(response, table, unrouted)).toBeUndefined();
    const two = packet.encode({ id: 2, type: "query", questions: [{ name: serviceLookupName("shop"), type: "SRV" }, { name: "example.com", type: "A" }] });
    expect(packet.decode(answerQuery(two, table, unrouted)!)).toMatchObject({ rcode: "FORMERR", answers: [] });
  });
});
