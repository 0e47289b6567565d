// The address of the client that sent a request, as scripts/serve.mjs established it from the socket
// (and BERTH_TRUSTED_PROXIES). Never read from X-Forwarded-For here: any client can write that header.
import ipaddr from "ipaddr.js";

export const CLIENT_ADDRESS_HEADER = "x-berth-client-address";

export function clientAddress(request: Request): string {
  return addressFromHeader(request.headers.get(CLIENT_ADDRESS_HEADER));
}

export function addressFromHeader(value: string | null | undefined): string {
  const address = value?.trim();
  if (!address || !ipaddr.isValid(address)) return "unknown";
  // One spelling per address: an IPv4 client of a dual-stack socket arrives as ::ffff:a.b.c.d.
  return ipaddr.process(address).toString();
}

export function isLoopback(address: string): boolean {
  return ipaddr.isValid(address) && ipaddr.process(address).range() === "loopback";
}

// What per-address limits count by: an IPv4 address, or an IPv6 address's /64, which one subscriber
// usually holds whole (counting single IPv6 addresses would give each of them 2^64 allowances).
export function limitKey(address: string): string {
  if (!ipaddr.isValid(address)) return address;
  const parsed = ipaddr.process(address);
  if (parsed.kind() === "ipv4") return parsed.toString();
  return `${(parsed as ipaddr.IPv6).parts.slice(0, 4).map((part) => part.toString(16)).join(":")}::/64`;
}
