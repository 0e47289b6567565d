// Every environment variable Berth reads, validated once. Nothing else reads process.env.
import proxyAddr from "proxy-addr";
import { z } from "zod";
import { parseOrgEntries, parseUserEntries } from "@/lib/server/auth/sign-in-policy";
import { tenantHostProblem } from "@/lib/server/net/tenant-host";

const optional = z
  .string()
  .optional()
  .transform((value) => (value === "" ? undefined : value));

const url = z.url({ protocol: /^https?$/ });

// A comma-separated list of the sign-in policy's entries (lib/server/auth/sign-in-policy.ts), parsed once here.
function entryList<T>(parse: (list: string) => T[] | string) {
  return optional.transform((value, ctx) => {
    const parsed = parse(value ?? "");
    if (typeof parsed === "string") {
      ctx.addIssue({ code: "custom", message: parsed });
      return z.NEVER;
    }
    return parsed;
  });
}

const logLevelSchema = z.enum(["fatal", "error", "warn", "info", "debug", "trace", "silent"]).default("info");

// The Git providers: OAuth apps and where each lives.
const providerFields = {
  GITHUB_CLIENT_ID: optional,
  GITHUB_CLIENT_SECRET: optional,
  GITHUB_URL: url.default("https://github.com"),
  GITHUB_API_URL: url.default("https://api.github.com"),
  GITLAB_CLIENT_ID: optional,
  GITLAB_CLIENT_SECRET: optional,
  GITLAB_URL: url.default("https://gitlab.com"),
  BITBUCKET_CLIENT_ID: optional,
  BITBUCKET_CLIENT_SECRET: optional,
  BITBUCKET_URL: url.default("https://bitbucket.org"),
  BITBUCKET_API_URL: url.default("https://api.bitbucket.org"),
  GITEA_CLIENT_ID: optional,
  GITEA_CLIENT_SECRET: optional,
  GITEA_URL: url.default("https://gitea.com"),
};

const serverSchema = z.object({
  NODE_ENV: z.enum(["development", "production", "test"]).default("development"),
  LOG_LEVEL: logLevelSchema,
  DATABASE_URL: z
    .string({ error: "DATABASE_URL is not set: start Berth with `npm run dev` or `npm start`, which provide one" })
    .regex(/^postgres(ql)?:\/\//, "DATABASE_URL must be a postgres:// or postgresql:// URL"),
  BERTH_DATABASE_EMBEDDED: z.stringbool().default(false),
  ENCRYPTION_KEY: z.string({ error: "ENCRYPTION_KEY is not set" }),
  NEXTAUTH_SECRET: z.string({ error: "NEXTAUTH_SECRET is not set" }).min(32, "NEXTAUTH_SECRET must be at least 32 characters"),
  NEXTAUTH_URL: url.default("http://localhost:3000"),

  // Who may sign in with a Git provider (besides BERTH_ADMINS), and who is an admin.
  BERTH_ALLOWED_USERS: entryList(parseUserEntries),
  BERTH_ALLOWED_ORGS: entryList(parseOrgEntries),
  BERTH_ADMINS: entryList(parseUserEntries),

  ...providerFields,

  DOCKER_HOST: optional,
  // A tcp:// engine's TLS, as the docker CLI reads it: verify the engine with DOCKER_CERT_PATH/ca.pem and show
  // it cert.pem and key.pem.
  DOCKER_TLS_VERIFY: z.stringbool().default(false),
  DOCKER_CERT_PATH: optional,
  // An ssh:// engine: the private key Berth signs in with, and the engine host's public key as a known_hosts line
  // ("ssh-ed25519 AAAA…"), which it must present. Berth runs `docker system dial-stdio` there.
  DOCKER_SSH_KEY: optional,
  DOCKER_SSH_HOST_KEY: optional.pipe(z.string().regex(/^(ssh|ecdsa|sk)-[\w@.-]+ [A-Za-z0-9+/]{16,}=*(\s.*)?$/, "DOCKER_SSH_HOST_KEY must be a public key line: ssh-ed25519 AAAA…").optional()),
  // Where Berth reaches containers' published ports (health checks, Caddy's upstreams): the engine host's IPv4
  // address. Not loopback: containers publish on every interface of that host.
  BERTH_ENGINE_ADDRESS: z.ipv4({ error: "BERTH_ENGINE_ADDRESS must be the engine host's IPv4 address" }).default("127.0.0.1"),
  // Built images are also pushed here (host[:port]) when set.
  DOCKER_REGISTRY_URL: optional,
  DOCKER_REGISTRY_USERNAME: optional,
  DOCKER_REGISTRY_PASSWORD: optional,
  // Portainer, for services whose target is a Portainer stack: its address (https://portainer:9443) and an API
  // key (PORTAINER_API_KEY, preferred) or a user's name and password.
  PORTAINER_URL: optional.pipe(url.optional()),
  PORTAINER_API_KEY: optional,
  PORTAINER_USERNAME: optional,
  PORTAINER_PASSWORD: optional,
  // The compatibility update hook (POST /api/hooks/portainer): the HMAC-SHA256 key of X-Portainer-Signature.
  // Without it the hook answers 404.
  PORTAINER_WEBHOOK_SECRET: optional.pipe(z.string().min(32, "PORTAINER_WEBHOOK_SECRET must be at least 32 characters (berth generate-secret)").optional()),
  // A statically linked busybox at this path on every Swarm node: mounted read-only into a Swarm service's tasks,
  // it runs their health check (wget of the health path), so Swarm itself waits for a new task to answer before
  // it stops an old one, and rolls back one that never does. Without it Swarm sees only tasks that exit.
  BERTH_SWARM_PROBE: optional.pipe(z.string().regex(/^\/[\w./-]+$/, "BERTH_SWARM_PROBE must be an absolute path").optional()),
  // Caddy's admin API; without it a service is reached on its container's published port.
  CADDY_ADMIN_URL: url.optional(),
  // The address Berth's Caddy server listens on for the services' traffic.
  CADDY_LISTEN: z.string().regex(/^[\w.-]*:\d+$/, "CADDY_LISTEN must look like :80 or 127.0.0.1:8080").default(":80"),
  // The traffic router (scripts/router.ts): Caddy asks it over TCP (others may use UDP, same port) where a
  // service's container is; Caddy's own "no such service" listener takes the next port. Loopback only.
  BERTH_ROUTER_ADDRESS: z
    .string()
    .regex(/^127\.\d{1,3}\.\d{1,3}\.\d{1,3}:\d{1,5}$/, "BERTH_ROUTER_ADDRESS must be a loopback IPv4 address and port, like 127.0.0.1:5380")
    .refine((address) => Number(address.split(":")[1]) >= 1 && Number(address.split(":")[1]) <= 65534, "BERTH_ROUTER_ADDRESS's port must be 1–65534 (the next one is Caddy's 404 listener)")
    .default("127.0.0.1:5380"),
  // Services are served as {service}.{BERTH_DOMAIN}.
  BERTH_DOMAIN: z.string().regex(/^[a-z0-9.-]+$/i, "BERTH_DOMAIN must be a host name").default("localhost"),
  // How long a replaced container has, after SIGTERM, to finish its requests in flight before it is killed.
  BERTH_DRAIN_SECONDS: z.coerce.number().int().min(0).max(600).default(5),
  BERTH_KEEP_IMAGES: z.coerce.number().int().min(1).max(100).default(5),
  // How long a deployment that waits for CI (a connection's wait_for_ci) waits before it is cancelled.
  BERTH_CI_WAIT_MINUTES: z.coerce.number().int().min(1).max(1440).default(60),
  // How often the watched branches are compared with what was deployed, to deploy pushes whose delivery never came.
  BERTH_RECONCILE_MINUTES: z.coerce.number().int().min(1).max(1440).default(5),
  // Every container gets these unless its service sets a memory limit of its own.
  BERTH_CONTAINER_MEMORY_MB: z.coerce.number().int().min(6).max(1_048_576).default(1024),
  BERTH_CONTAINER_PIDS_LIMIT: z.coerce.number().int().min(16).max(4_194_304).default(512),
  // file://, plain http:// and clone URLs on this machine or a private network (lib/server/git/remote-policy.ts).
  BERTH_ALLOW_LOCAL_GIT: z.stringbool().default(false),
  // Slack, Discord and outgoing webhook channels over plain http:// or to this machine or a private network
  // (lib/server/net/outgoing-post.ts).
  BERTH_ALLOW_LOCAL_CHANNELS: z.stringbool().default(false),
  // The SMTP server email channels send through (smtp://user:pass@host:587, smtps://… for TLS from the start).
  BERTH_SMTP_URL: optional.pipe(z.url({ protocol: /^smtps?$/, error: "must be an smtp:// or smtps:// URL" }).optional()),
  BERTH_SMTP_FROM: optional.pipe(z.email({ error: "must be an email address" }).optional()),
  // Berth's own files (the launcher's too): here, each service's git object cache.
  BERTH_DATA_DIR: z.string().default(".data"),
  // Where the embedded workflow executor reaches this server's /api/inngest.
  BERTH_INTERNAL_URL: url.default("http://127.0.0.1:3000"),

  INNGEST_SIGNING_KEY: optional,
  INNGEST_EVENT_KEY: optional,
  INNGEST_BASE_URL: optional,
  INNGEST_DEV: optional,
}).superRefine((config, ctx) => {
  const problem = tenantHostProblem(config);
  if (problem) ctx.addIssue({ code: "custom", path: ["BERTH_DOMAIN"], message: problem });
  if (config.DOCKER_HOST?.startsWith("ssh://") && !(config.DOCKER_SSH_KEY && config.DOCKER_SSH_HOST_KEY)) {
    ctx.addIssue({ code: "custom", path: ["DOCKER_HOST"], message: "an ssh:// DOCKER_HOST needs DOCKER_SSH_KEY (a private key file) and DOCKER_SSH_HOST_KEY (the host's public key)" });
  }
  if (config.PORTAINER_URL && !config.PORTAINER_API_KEY && !(config.PORTAINER_USERNAME && config.PORTAINER_PASSWORD)) {
    ctx.addIssue({ code: "custom", path: ["PORTAINER_URL"], message: "PORTAINER_URL needs PORTAINER_API_KEY, or PORTAINER_USERNAME and PORTAINER_PASSWORD" });
  }
});

const launcherSchema = z.object({
  PORT: z.coerce.number().int().min(1).max(65535).default(3000),
  // Not HOSTNAME: shells and containers set that to the machine's name.
  BERTH_HOST: z.string().default("0.0.0.0"),
  BERTH_DATA_DIR: z.string().default(".data"),
  DATABASE_URL: optional,
  ENCRYPTION_KEY: optional,
  NEXTAUTH_SECRET: optional,
  NEXTAUTH_URL: url.optional(),
  INNGEST_SIGNING_KEY: optional,
  // Reverse proxies in front of Berth whose X-Forwarded-For is believed (scripts/serve.mjs).
  BERTH_TRUSTED_PROXIES: optional.pipe(z.string().refine(validTrustList, "BERTH_TRUSTED_PROXIES must be addresses, CIDR ranges or loopback, linklocal, uniquelocal, separated by commas").optional()),
  ADMIN_EMAIL: z.email().default("admin@localhost"),
  ADMIN_PASSWORD: optional.pipe(z.string().min(12, "ADMIN_PASSWORD must be at least 12 characters").optional()),
  LOG_LEVEL: logLevelSchema,
});

function validTrustList(list: string): boolean {
  try {
    proxyAddr.compile(list.split(",").map((entry) => entry.trim()));
    return true;
  } catch {
    return false;
  }
}

export type ServerEnv = z.infer<typeof serverSchema>;
export type LauncherEnv = z.infer<typeof launcherSchema>;

export class EnvError extends Error {
  override name = "EnvError";
}

function parse<T extends z.ZodType>(schema: T, source: Record<string, string | undefined>): z.infer<T> {
  const result = schema.safeParse(source);
  if (result.success) return result.data;
  const problems = result.error.issues.map((issue) => `  ${issue.path.join(".")}: ${issue.message}`);
  throw new EnvError(`Invalid environment:\n${problems.join("\n")}`);
}

let cached: ServerEnv | undefined;

// Parsed on first use rather than at import, so `next build` can load modules without a runtime config.
export function env(): ServerEnv {
  cached ??= parse(serverSchema, process.env);
  return cached;
}

// The launcher checks the web server's configuration before starting it, so a bad value stops Berth at
// once with the variable's name rather than at the first request.
export function checkServerEnv(source: Record<string, string | undefined>): ServerEnv {
  return parse(serverSchema, source);
}

// Only the providers' settings, for tools that run beside Berth (the CLI's test-connection).
export function providerEnv(source: Record<string, string | undefined> = process.env) {
  return parse(z.object(providerFields), source);
}

export function launcherEnv(source: Record<string, string | undefined> = process.env): LauncherEnv {
  return parse(launcherSchema, source);
}

// The logger is needed before (and apart from) the rest of the configuration.
export function logLevel(): z.infer<typeof logLevelSchema> {
  return parse(z.object({ LOG_LEVEL: logLevelSchema }), process.env).LOG_LEVEL;
}

// What a child process (git) may inherit from Berth's environment: how to find programs and how to reach
// the network, never Berth's own secrets.
const INHERITED = ["PATH", "HTTPS_PROXY", "https_proxy", "HTTP_PROXY", "http_proxy", "NO_PROXY", "no_proxy", "SSL_CERT_FILE", "SSL_CERT_DIR"];

export function inheritedChildEnv(): Record<string, string> {
  return Object.fromEntries(INHERITED.flatMap((name) => (process.env[name] ? [[name, process.env[name]]] : [])));
}

export function workflowMode(config: ServerEnv): "inngest" | "embedded" {
  return config.INNGEST_EVENT_KEY || config.INNGEST_BASE_URL || config.INNGEST_DEV ? "inngest" : "embedded";
}
