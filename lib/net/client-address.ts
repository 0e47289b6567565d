// The address of the client that sent a request, as scripts/serve.mjs established it from the socket
// (and BERTH_TRUSTED_PROXIES). Never read from X-Forwarded-For here: any client can write that header.
import ipaddr from "ipaddr.js";

export const CLIENT_ADDRESS_HEADER = "x-berth-client-address";

export function clientAddress(request: Request): string {
  const address = request.headers.get(CLIENT_ADDRESS_HEADER)?.trim();
  if (!address || !ipaddr.isValid(address)) return "unknown";
  // One spelling per address: an IPv4 client of a dual-stack socket arrives as ::ffff:a.b.c.d.
  return ipaddr.process(address).toString();
}

export function isLoopback(address: string): boolean {
  return ipaddr.isValid(address) && ipaddr.process(address).range() === "loopback";
}
