// Berth's part of Caddy's configuration, the same whatever is deployed: one wildcard route that asks the
// traffic router where each service's container is (an SRV lookup per host name, cached LOOKUP_REFRESH_MS),
// so deploys, rollbacks and new or deleted services never change Caddy's configuration. Every admin-API
// change reloads Caddy's servers, and a reload closes idle keep-alive connections: requests sent on them at
// that instant fail (docs/decisions/0010-traffic-router.md).
import { LOOKUP_REFRESH_MS, ROUTE_ZONE } from "@/lib/server/routing/names";
import { routerNotFound } from "@/lib/server/routing/router-address";
import type { ProxySettings } from "./config";

const NOT_FOUND = { handler: "static_response", status_code: 404, body: "No service is deployed at {http.request.host}.\n" };

export function berthServers(settings: ProxySettings): Record<string, unknown> {
  // Over TCP: a lookup a dying router worker held fails at once and is asked again, not after a 5 s timeout.
  const resolver = { addresses: [`tcp/${settings.routerAddress}`] };
  // {http.request.host.labels.0} is the last label of the host: the service's label sits just before the domain's.
  const serviceLabel = `{http.request.host.labels.${settings.domain.split(".").length}}`;
  const notFound = routerNotFound(settings.routerAddress);
  return {
    berth: {
      listen: [settings.listen],
      automatic_https: { disable: true },
      routes: [
        {
          match: [{ host: [`*.${settings.domain}`] }],
          handle: [
            {
              handler: "reverse_proxy",
              dynamic_upstreams: {
                source: "srv",
                service: "http",
                proto: "tcp",
                name: `${serviceLabel}.${ROUTE_ZONE}.`,
                refresh: `${LOOKUP_REFRESH_MS}ms`,
                resolver,
              },
              // The SRV target is a name only the router knows (lib/server/routing/names.ts), resolved again on dial.
              transport: { protocol: "http", resolver },
              // A Swarm service's task that Swarm just stopped may still be in the answer for a moment: a request
              // that cannot connect to one upstream is tried on another (or the same, re-resolved) for up to 2 s.
              load_balancing: { try_duration: "2s", try_interval: "50ms" },
            },
          ],
          terminal: true,
        },
        { handle: [NOT_FOUND] },
      ],
    },
    // Where the router sends a host no service answers to (never deployed, or deleted): Caddy's own 404.
    "berth-unrouted": { listen: [`${notFound.host}:${notFound.port}`], automatic_https: { disable: true }, routes: [{ handle: [NOT_FOUND] }] },
  };
}
