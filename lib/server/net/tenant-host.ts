// Tenant apps never share Berth's site. A browser sends a cookie to every port of the host that set it and
// lets a host set cookies for its parent domains, so a service at Berth's own host (another port) or at a
// parent of it would receive — or could plant — Berth's session cookie.
import ipaddr from "ipaddr.js";

export type TenantHostConfig = { NEXTAUTH_URL: string; BERTH_DOMAIN: string; CADDY_ADMIN_URL?: string };

export class TenantHostError extends Error {
  override name = "TenantHostError";
}

function equalOrParent(domain: string, host: string): boolean {
  return host === domain || host.endsWith(`.${domain}`);
}

function isLoopbackName(host: string): boolean {
  const bare = host.replace(/^\[(.*)\]$/, "$1");
  return host === "localhost" || host.endsWith(".localhost") || (ipaddr.isValid(bare) && ipaddr.process(bare).range() === "loopback");
}

// The host in a service's URL when no Caddy fronts it (services answer on their published ports).
// BERTH_DOMAIN, unless that is Berth's own host; then the other name of this machine's loopback, which
// browsers treat as another site: 127.0.0.1 for a Berth at localhost, localhost for one at 127.0.0.1.
export function publishedServiceHost(config: TenantHostConfig): string {
  const berth = new URL(config.NEXTAUTH_URL).hostname;
  if (!equalOrParent(config.BERTH_DOMAIN, berth)) return config.BERTH_DOMAIN;
  if (berth === "localhost" || berth.endsWith(".localhost")) return "127.0.0.1";
  if (isLoopbackName(berth)) return "localhost";
  throw new TenantHostError(
    `BERTH_DOMAIN (${config.BERTH_DOMAIN}) is Berth's own host or a parent of it (${berth}): without Caddy the services answer at BERTH_DOMAIN on their own ports, and browsers would send them Berth's session cookie. Set BERTH_DOMAIN to another name of this machine.`,
  );
}

// Refuses a configuration in which a service could share Berth's site; null when it is sound.
export function tenantHostProblem(config: TenantHostConfig): string | null {
  const berth = new URL(config.NEXTAUTH_URL).hostname;
  if (config.CADDY_ADMIN_URL) {
    if (!equalOrParent(config.BERTH_DOMAIN, berth)) return null;
    return `BERTH_DOMAIN (${config.BERTH_DOMAIN}) is Berth's own host or a parent of it (${berth}): every service at {service}.${config.BERTH_DOMAIN} would share Berth's site, and one named like Berth's host would take its place. Give the services a domain of their own (for Berth at berth.example.com: apps.example.com or another domain).`;
  }
  try {
    publishedServiceHost(config);
    return null;
  } catch (error) {
    return error instanceof TenantHostError ? error.message : String(error);
  }
}
