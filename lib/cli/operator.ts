// The operator's commands, run on Berth's own host with its environment: a new secret, the effective
// configuration with secrets masked, and whether each system Berth depends on answers.
import { randomBytes } from "node:crypto";
import pg from "pg";
import { connectDocker } from "@/lib/server/runtime/docker";
import { swarmActive } from "@/lib/server/runtime/swarm";
import { portainerClient } from "@/lib/server/portainer/client";
import { launcherEnv, providerEnv } from "@/lib/server/env";
import { providerEndpoints } from "@/lib/server/providers/endpoints";
import { OAUTH_PROVIDERS, PROVIDER_LABELS } from "@/lib/shared/providers/labels";

export function generateSecret(): string {
  return randomBytes(32).toString("base64url");
}

const SECRET_NAME = /SECRET|PASSWORD|TOKEN|KEY/;

// Every variable Berth reads that is set here (BERTH_*, providers, database, Caddy, Inngest…), secrets masked.
export function effectiveConfig(source: Record<string, string | undefined> = process.env): Record<string, string> {
  const config = launcherEnv(source) as Record<string, unknown>;
  const names = Object.keys(source).filter((name) => /^(BERTH_|GITHUB_|GITLAB_|BITBUCKET_|GITEA_|CADDY_|INNGEST_|DOCKER_|PORTAINER_|NEXTAUTH_|DATABASE_URL$|ENCRYPTION_KEY$|PORT$|ADMIN_|LOG_LEVEL$)/.test(name));
  const shown: Record<string, string> = {};
  for (const [name, value] of Object.entries(config)) if (value !== undefined) shown[name] = typeof value === "string" ? value : JSON.stringify(value);
  for (const name of names) shown[name] ??= source[name] ?? "";
  for (const name of Object.keys(shown)) {
    if (SECRET_NAME.test(name)) shown[name] = "••••••";
    else if (name === "DATABASE_URL") shown[name] = shown[name]!.replace(/\/\/([^:/@]+):[^@]*@/, "//$1:••••••@");
  }
  return Object.fromEntries(Object.entries(shown).sort(([a], [b]) => a.localeCompare(b)));
}

export type Check = { name: string; ok: boolean | null; detail: string };

const TIMEOUT_MS = 5_000;
const within = <T>(promise: Promise<T>) =>
  Promise.race([promise, new Promise<never>((_, reject) => setTimeout(() => reject(new Error(`no answer within ${TIMEOUT_MS / 1000} s`)), TIMEOUT_MS).unref())]);
const reason = (error: unknown) => (error instanceof Error ? error.message : String(error));

export async function testConnections(source: Record<string, string | undefined> = process.env): Promise<Check[]> {
  const config = launcherEnv(source);
  const checks: Promise<Check>[] = [];
  checks.push(
    config.DATABASE_URL
      ? (async () => {
          const client = new pg.Client({ connectionString: config.DATABASE_URL, connectionTimeoutMillis: TIMEOUT_MS });
          try {
            await within(client.connect());
            const { rows } = await within(client.query<{ version: string }>("SHOW server_version"));
            return { name: "database", ok: true, detail: `PostgreSQL ${rows[0]?.version ?? "?"}` };
          } catch (error) {
            return { name: "database", ok: false, detail: reason(error) };
          } finally {
            await client.end().catch(() => {});
          }
        })()
      : Promise.resolve({ name: "database", ok: null, detail: "embedded: started with Berth (set DATABASE_URL to check a server)" }),
  );
  checks.push(
    (async () => {
      const where = source.DOCKER_HOST ?? "unix:///var/run/docker.sock";
      try {
        const tls = source.DOCKER_TLS_VERIFY === "1" || source.DOCKER_TLS_VERIFY === "true";
        const docker = connectDocker({
          DOCKER_HOST: source.DOCKER_HOST,
          DOCKER_TLS_VERIFY: tls,
          DOCKER_CERT_PATH: source.DOCKER_CERT_PATH,
          DOCKER_SSH_KEY: source.DOCKER_SSH_KEY,
          DOCKER_SSH_HOST_KEY: source.DOCKER_SSH_HOST_KEY,
        });
        const version = await within(docker.version());
        const swarm = (await within(swarmActive(docker))) ? ", a Swarm manager" : " (not a Swarm manager: the swarm target needs `docker swarm init`)";
        return { name: "docker engine", ok: true, detail: `${where}: Docker ${version.Version}${swarm}` };
      } catch (error) {
        return { name: "docker engine", ok: false, detail: `${where}: ${reason(error)}` };
      }
    })(),
  );
  const caddy = source.CADDY_ADMIN_URL;
  checks.push(
    caddy
      ? reach("caddy", `${caddy.replace(/\/+$/, "")}/config/`, (status) => status === 200)
      : Promise.resolve({ name: "caddy", ok: null, detail: "not configured (services answer on their published ports)" }),
  );
  checks.push(
    source.PORTAINER_URL
      ? (async () => {
          const url = source.PORTAINER_URL ?? "";
          try {
            const client = portainerClient({ url, apiKey: source.PORTAINER_API_KEY, username: source.PORTAINER_USERNAME, password: source.PORTAINER_PASSWORD });
            return { name: "portainer", ok: true, detail: `${url}: Portainer ${(await within(client.status())).version}` };
          } catch (error) {
            return { name: "portainer", ok: false, detail: reason(error) };
          }
        })()
      : Promise.resolve({ name: "portainer", ok: null, detail: "not configured (PORTAINER_URL)" }),
  );
  const providers = providerEnv(source);
  const endpoints = providerEndpoints(providers);
  const clientIds = { github: providers.GITHUB_CLIENT_ID, gitlab: providers.GITLAB_CLIENT_ID, bitbucket: providers.BITBUCKET_CLIENT_ID, gitea: providers.GITEA_CLIENT_ID };
  for (const provider of OAUTH_PROVIDERS) {
    const configured = Boolean(clientIds[provider]);
    const name = `${PROVIDER_LABELS[provider]} API`;
    checks.push(configured ? reach(name, endpoints[provider].api, (status) => status < 500) : Promise.resolve({ name, ok: null, detail: "not configured" }));
  }
  return Promise.all(checks);
}

async function reach(name: string, url: string, healthy: (status: number) => boolean): Promise<Check> {
  try {
    const response = await fetch(url, { signal: AbortSignal.timeout(TIMEOUT_MS) });
    return { name, ok: healthy(response.status), detail: `${url} answered ${response.status}` };
  } catch (error) {
    return { name, ok: false, detail: `${url}: ${reason(error instanceof Error && error.cause instanceof Error ? error.cause : error)}` };
  }
}
