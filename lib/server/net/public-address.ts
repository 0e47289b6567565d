// Where outside input may make Berth's host connect: a host name resolved (with a time limit; localhost is
// this machine whatever a resolver says) and each address judged public or not.
import { lookup } from "node:dns/promises";
import ipaddr from "ipaddr.js";

export type Lookup = (host: string) => Promise<string[]>;

const LOOKUP_TIMEOUT_MS = 5_000;

export async function resolveHost(host: string, resolve: Lookup): Promise<string[]> {
  if (ipaddr.isValid(host)) return [host];
  // RFC 6761: localhost and its subdomains are this machine, whatever a resolver says.
  if (host === "localhost" || host.endsWith(".localhost")) return ["127.0.0.1"];
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`no answer within ${LOOKUP_TIMEOUT_MS / 1000} s`)), LOOKUP_TIMEOUT_MS);
  });
  try {
    const addresses = await Promise.race([resolve(host), timeout]);
    if (addresses.length === 0) throw new Error("no addresses");
    return addresses;
  } finally {
    clearTimeout(timer);
  }
}

export const systemLookup: Lookup = async (host) => (await lookup(host, { all: true, verbatim: true })).map((entry) => entry.address);

// Globally routable unicast only: ipaddr.js names every special-purpose range (loopback, private,
// uniqueLocal, linkLocal — 169.254.169.254 and fd00:ec2::254 included —, carrierGradeNat, reserved,
// multicast, 6to4 and Teredo wrappers, …) and calls the rest "unicast". IPv4-mapped IPv6 is judged as IPv4.
export function isPublicAddress(address: string): boolean {
  if (!ipaddr.isValid(address)) return false;
  return ipaddr.process(address).range() === "unicast";
}
