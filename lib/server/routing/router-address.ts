import type { Upstream } from "./dns-answers";

// BERTH_ROUTER_ADDRESS (host:port, validated by env.ts): the router answers on its UDP port, and Caddy's
// not-found listener takes the same port over TCP, so that is where an unknown service's lookup leads.
export function routerNotFound(routerAddress: string): Upstream {
  const separator = routerAddress.lastIndexOf(":");
  return { host: routerAddress.slice(0, separator), port: Number(routerAddress.slice(separator + 1)) };
}
