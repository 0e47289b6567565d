import { env, type ServerEnv } from "@/lib/server/env";

// What Berth needs to put Caddy in front of the services: its admin API, where it serves them, under which
// domain, and the traffic router it asks for upstreams.
export type ProxySettings = { adminUrl: string; listen: string; domain: string; routerAddress: string };

// Caddy fronts the services only when its admin API is configured.
export function proxySettings(config: ServerEnv = env()): ProxySettings | undefined {
  if (!config.CADDY_ADMIN_URL) return undefined;
  return { adminUrl: config.CADDY_ADMIN_URL, listen: config.CADDY_LISTEN, domain: config.BERTH_DOMAIN, routerAddress: config.BERTH_ROUTER_ADDRESS };
}

export function serviceHost(settings: ProxySettings, slug: string) {
  return `${slug}.${settings.domain}`;
}

export function serviceUrl(settings: ProxySettings, slug: string) {
  const port = settings.listen.split(":").pop();
  return `http://${serviceHost(settings, slug)}${port && port !== "80" ? `:${port}` : ""}`;
}
