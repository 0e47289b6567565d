// Which Git remotes Berth fetches from. A clone URL is user input that makes Berth's host open a
// connection, so by default it may only reach the public Internet: this machine, private networks,
// link-local and cloud-metadata addresses, plain http:// and file:// paths need the operator's opt-in
// (BERTH_ALLOW_LOCAL_GIT). The hosts of the configured providers (GITHUB_URL, GITLAB_URL, …) are always
// allowed. A checked remote carries the addresses its host resolved to, so git connects to exactly
// those and a second DNS answer cannot move it elsewhere (DNS rebinding).
import { env, type ServerEnv } from "@/lib/server/env";
import { isPublicAddress, resolveHost, systemLookup, type Lookup } from "@/lib/server/net/public-address";
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

export type { Lookup };

const OPT_IN = "set BERTH_ALLOW_LOCAL_GIT=true to allow local and private Git servers";

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

export function configuredRemotePolicy(config: ServerEnv = env()): RemotePolicy {
  return {
    allowLocal: config.BERTH_ALLOW_LOCAL_GIT,
    providerUrls: Object.values(providerEndpoints(config)).map((endpoints) => endpoints.web),
  };
}
