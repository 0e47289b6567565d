// Berth's side of the routing table: it writes where a service's traffic goes (PostgreSQL announces the
// change to the traffic routers), then waits until the routers answer so and Caddy's cached answers have
// expired: from then on every new request reaches the new container (or tasks).
import { Resolver } from "node:dns/promises";
import { setTimeout as sleep } from "node:timers/promises";
import { db } from "@/lib/server/db";
import type { Upstream } from "./dns-answers";
import { addressName, LOOKUP_REFRESH_MS, serviceLookupName } from "./names";
import { upstreamsSchema } from "./router-files";

const ANSWER_TIMEOUT_MS = 10_000;
// Two routers answer on one socket, each reading the table on its own: a run of matching answers (each
// router gets a query with probability ½) makes it very unlikely that one of them still lags.
const MATCHES_IN_A_ROW = 4;

export async function setServiceRoute(service: { id: string; slug: string }, deploymentId: string, upstreams: Upstream[]) {
  const route = { slug: service.slug, deploymentId, upstreams: upstreamsSchema.parse(sortUpstreams(upstreams)) };
  await db.serviceRoute.upsert({ where: { serviceId: service.id }, create: { serviceId: service.id, ...route }, update: route });
}

export async function serviceRoute(serviceId: string): Promise<{ deploymentId: string; upstreams: Upstream[] } | undefined> {
  const route = await db.serviceRoute.findUnique({ where: { serviceId }, select: { deploymentId: true, upstreams: true } });
  return route ? { deploymentId: route.deploymentId, upstreams: upstreamsSchema.parse(route.upstreams) } : undefined;
}

export function sameUpstreams(a: readonly Upstream[], b: readonly Upstream[]): boolean {
  return upstreamsKey(a) === upstreamsKey(b);
}

function sortUpstreams(upstreams: readonly Upstream[]): Upstream[] {
  return [...upstreams].sort((a, b) => a.host.localeCompare(b.host) || a.port - b.port);
}

function upstreamsKey(upstreams: readonly Upstream[]): string {
  return sortUpstreams(upstreams).map((upstream) => `${upstream.host}:${upstream.port}`).join(",");
}

export class RouterError extends Error {
  override name = "RouterError";
}

// upstreams: where the service's lookups must now lead; for a removed service, the router's not-found listener.
export async function awaitRouterAnswer(routerAddress: string, slug: string, upstreams: Upstream[], timeoutMs = ANSWER_TIMEOUT_MS): Promise<void> {
  const resolver = new Resolver({ timeout: 250, tries: 1 });
  resolver.setServers([routerAddress]);
  const wanted = upstreams
    .map((upstream) => `${addressName(upstream.host)}:${upstream.port}`)
    .sort()
    .join(", ");
  const deadline = Date.now() + timeoutMs;
  let matches = 0;
  let last = "no answer";
  while (matches < MATCHES_IN_A_ROW) {
    if (Date.now() > deadline) {
      throw new RouterError(
        `The traffic router at ${routerAddress} still answers ${last} for ${slug} after ${timeoutMs / 1000} s, not ${upstreamsKey(upstreams)}. ` +
          "Is it running? Berth's launcher starts it; its log is BERTH_DATA_DIR/router/router.log.",
      );
    }
    const records = await resolver.resolveSrv(serviceLookupName(slug)).catch((error: unknown) => {
      last = `an error (${error instanceof Error ? error.message : String(error)})`;
      return [];
    });
    const answered = records
      .map((record) => `${record.name}:${record.port}`)
      .sort()
      .join(", ");
    if (records.length > 0) last = answered;
    matches = answered === wanted ? matches + 1 : 0;
    if (matches === 0) await sleep(10);
  }
  await sleep(LOOKUP_REFRESH_MS);
}
