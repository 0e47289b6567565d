// The names Caddy looks up to find a service's container, all under one private zone that only the traffic
// router answers (".internal" is reserved for private use, so no public name can collide).
export const ROUTE_ZONE = "routes.berth.internal";

// How long Caddy keeps an answer before asking again: the longest a switch takes to reach every request.
export const LOOKUP_REFRESH_MS = 100;

// A service slug, as the router accepts it in a question or a route: one DNS label.
export const SERVICE_LABEL = /^[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?$/;

export function serviceLookupName(slug: string): string {
  return `_http._tcp.${slug}.${ROUTE_ZONE}`;
}

// A name in the zone without the zone (case folded), or undefined for a name outside it.
function withinZone(name: string): string | undefined {
  const lower = name.toLowerCase().replace(/\.$/, "");
  return lower.endsWith(`.${ROUTE_ZONE}`) ? lower.slice(0, -ROUTE_ZONE.length - 1) : undefined;
}

export function inZone(name: string): boolean {
  return withinZone(name) !== undefined || name.toLowerCase().replace(/\.$/, "") === ROUTE_ZONE;
}

// The slug a service lookup asks for, or undefined when the name is not one.
export function slugOfLookup(name: string): string | undefined {
  const match = /^_http\._tcp\.([^.]+)$/.exec(withinZone(name) ?? "");
  return match?.[1] && SERVICE_LABEL.test(match[1]) ? match[1] : undefined;
}

// An SRV answer must name its target host, not give an address (and Caddy resolves that name again when it
// dials), so an IPv4 address is spelled as a name the router answers itself: 127.0.0.1 → a-127-0-0-1.<zone>.
export function addressName(ipv4: string): string {
  return `a-${ipv4.replaceAll(".", "-")}.${ROUTE_ZONE}`;
}

export function addressOfName(name: string): string | undefined {
  const match = /^a-(\d{1,3})-(\d{1,3})-(\d{1,3})-(\d{1,3})$/.exec(withinZone(name) ?? "");
  const octets = match?.slice(1).map(Number);
  return octets?.every((octet) => octet <= 255) ? octets.join(".") : undefined;
}
