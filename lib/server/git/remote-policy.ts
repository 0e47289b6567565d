// Which Git remotes Berth fetches from. A clone URL is user input that makes Berth's host open a
// connection, so by default it may only reach the public Internet: this machine, private networks,
// link-local and cloud-metadata addresses, plain http:// and file:// paths need the operator's opt-in
// (BERTH_ALLOW_LOCAL_GIT). The hosts of the configured providers (GITHUB_URL, GITLAB_URL, …) are always
// allowed. A checked remote carries the addresses its host resolved to, so git connects to exactly
// those and a second DNS answer cannot move it elsewhere (DNS rebinding).
import { lookup } from "node:dns/promises";
import ipaddr from "ipaddr.js";
import { env, type ServerEnv } from "@/lib/server/env";
import { providerEndpoints } from "@/lib/server/providers/endpoints";
import { cloneUrlKind, type CloneUrlKind } from "@/lib/shared/validations/git";

export type RemotePolicy = {
  allowLocal: boolean;
  // Base URLs of the configured providers: their hosts are trusted whatever they resolve to.
  providerUrls: string[];
};

export type CheckedRemote = {
  url: string;
  kind: CloneUrlKind;
  host: string | null;
  port: number | null;
  // Where git must connect; empty when there is nothing to pin (file://, a trusted host, or a host that
  // did not resolve while saving: it is checked again before every fetch).
  addresses: string[];
};

export class RemoteRefusedError extends Error {
  override name = "RemoteRefusedError";
}

export type Lookup = (host: string) => Promise<string[]>;

const OPT_IN = "set BERTH_ALLOW_LOCAL_GIT=true to allow local and private Git servers";
const LOOKUP_TIMEOUT_MS = 5_000;

const DEFAULT_PORT: Record<Exclude<CloneUrlKind, "file">, number> = { https: 443, http: 80, ssh: 22 };

export async function checkRemote(
  url: string,
  policy: RemotePolicy,
  options: { mustResolve: boolean; resolve?: Lookup } = { mustResolve: true },
): Promise<CheckedRemote> {
  const kind = cloneUrlKind(url);
  if (!kind) throw new RemoteRefusedError("is not an https://, ssh:// or user@host:path clone URL");
  if (kind === "file") {
    if (!policy.allowLocal) throw new RemoteRefusedError(`is a file:// path on Berth's own machine; ${OPT_IN}`);
    return { url, kind, host: null, port: null, addresses: [] };
  }

  const { host, port } = hostAndPort(url, kind);
  if (policy.providerUrls.some((base) => isProviderRemote(base, kind, host, port))) return { url, kind, host, port, addresses: [] };
  if (policy.allowLocal) return { url, kind, host, port, addresses: [] };
  if (kind === "http") throw new RemoteRefusedError(`uses plain http://, which anyone on the way can read and change; use https:// or ${OPT_IN}`);

  const addresses = await resolveHost(host, options.resolve ?? systemLookup).catch((error: unknown) => {
    if (options.mustResolve) throw new RemoteRefusedError(`names a host that does not resolve (${host}): ${error instanceof Error ? error.message : String(error)}`);
    return [];
  });
  // The addresses themselves stay out of the message: it would turn Berth into a resolver of internal names.
  if (addresses.some((address) => !isPublicAddress(address))) {
    throw new RemoteRefusedError(`points at a loopback, private, link-local or otherwise non-public address; ${OPT_IN}`);
  }
  return { url, kind, host, port, addresses };
}

function hostAndPort(url: string, kind: Exclude<CloneUrlKind, "file">): { host: string; port: number } {
  if (!url.includes("://")) {
    // user@host:path
    const host = url.slice(url.indexOf("@") + 1, url.indexOf(":"));
    return { host: host.toLowerCase(), port: DEFAULT_PORT.ssh };
  }
  const parsed = new URL(url);
  const host = parsed.hostname.replace(/^\[(.*)\]$/, "$1").toLowerCase();
  return { host, port: parsed.port ? Number(parsed.port) : DEFAULT_PORT[kind] };
}

// A configured provider's web address, or its ssh service (on whatever port it runs). A provider configured
// over plain http (a Gitea on the LAN, the test emulator) is fetched over http too.
function isProviderRemote(base: string, kind: Exclude<CloneUrlKind, "file">, host: string, port: number): boolean {
  const provider = new URL(base);
  if (provider.hostname.toLowerCase() !== host) return false;
  if (kind === "ssh") return true;
  const providerPort = provider.port ? Number(provider.port) : provider.protocol === "https:" ? 443 : 80;
  return provider.protocol === `${kind}:` && providerPort === port;
}

async function resolveHost(host: string, resolve: Lookup): Promise<string[]> {
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

const systemLookup: Lookup = async (host) => (await lookup(host, { all: true, verbatim: true })).map((entry) => entry.address);

// Globally routable unicast only: ipaddr.js names every special-purpose range (loopback, private,
// uniqueLocal, linkLocal — 169.254.169.254 and fd00:ec2::254 included —, carrierGradeNat, reserved,
// multicast, 6to4 and Teredo wrappers, …) and calls the rest "unicast". IPv4-mapped IPv6 is judged as IPv4.
export function isPublicAddress(address: string): boolean {
  if (!ipaddr.isValid(address)) return false;
  return ipaddr.process(address).range() === "unicast";
}

export function configuredRemotePolicy(config: ServerEnv = env()): RemotePolicy {
  return {
    allowLocal: config.BERTH_ALLOW_LOCAL_GIT,
    providerUrls: Object.values(providerEndpoints(config)).map((endpoints) => endpoints.web),
  };
}
