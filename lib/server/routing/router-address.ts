import type { Upstream } from "./dns-answers";

// BERTH_ROUTER_ADDRESS (host:port, validated by env.ts): the router answers on that port over UDP and TCP,
// and Caddy's not-found listener takes the next port, which is where an unknown service's lookup leads.
export function routerNotFound(routerAddress: string): Upstream {
  const separator = routerAddress.lastIndexOf(":");
  return { host: routerAddress.slice(0, separator), port: Number(routerAddress.slice(separator + 1)) + 1 };
}
