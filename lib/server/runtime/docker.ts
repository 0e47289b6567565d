// The Docker engine, through dockerode. DOCKER_HOST picks it: the local socket by default, unix://, tcp://
// (with TLS when DOCKER_TLS_VERIFY is set, from DOCKER_CERT_PATH, as the docker CLI does), https://, or ssh://
// (a key, and the host key it must present: never trusted on first use).
import { readFileSync } from "node:fs";
import { join } from "node:path";
import Docker from "dockerode";
import { env, type ServerEnv } from "@/lib/server/env";

export type EngineSettings = Partial<Pick<ServerEnv, "DOCKER_HOST" | "DOCKER_TLS_VERIFY" | "DOCKER_CERT_PATH" | "DOCKER_SSH_KEY" | "DOCKER_SSH_HOST_KEY">>;

export function dockerTarget(dockerHost: string | undefined): string {
  return dockerHost ?? "unix:///var/run/docker.sock";
}

// docker-modem fills in defaults from process.env (DOCKER_HOST, DOCKER_CERT_PATH, …) under what it is given: set
// to nothing here, so only the settings passed in decide (a unix socket would otherwise go where DOCKER_HOST says).
const NO_ENVIRONMENT_DEFAULTS = { host: undefined, port: undefined, username: undefined, ca: undefined, cert: undefined, key: undefined };

// timeoutMs is a socket inactivity limit: right for status probes, wrong for builds that print nothing
// for minutes. A bare DOCKER_HOST string means no TLS settings.
export function connectDocker(engine: string | undefined | EngineSettings, timeoutMs?: number): Docker {
  const settings: EngineSettings = typeof engine === "object" ? engine : { DOCKER_HOST: engine };
  const target = new URL(dockerTarget(settings.DOCKER_HOST));
  if (target.protocol === "unix:") return new Docker({ ...NO_ENVIRONMENT_DEFAULTS, socketPath: target.pathname, protocol: "http", timeout: timeoutMs });
  if (target.protocol === "ssh:") return sshEngine(target, settings);
  const tls = settings.DOCKER_TLS_VERIFY || target.protocol === "https:";
  const certs = tls && settings.DOCKER_CERT_PATH ? certificates(settings.DOCKER_CERT_PATH) : {};
  return new Docker({
    ...NO_ENVIRONMENT_DEFAULTS,
    host: target.hostname,
    port: Number(target.port || (tls ? 2376 : 2375)),
    protocol: tls ? "https" : "http",
    ...certs,
    timeout: timeoutMs,
  });
}

// No socket timeout here: docker-modem would set it on the ssh channel, which has none; ssh2's readyTimeout
// bounds the connection instead.
function sshEngine(target: URL, settings: EngineSettings): Docker {
  if (!settings.DOCKER_SSH_KEY || !settings.DOCKER_SSH_HOST_KEY) throw new Error("An ssh:// DOCKER_HOST needs DOCKER_SSH_KEY and DOCKER_SSH_HOST_KEY");
  const expected = Buffer.from(settings.DOCKER_SSH_HOST_KEY.split(/\s+/)[1] ?? "", "base64");
  return new Docker({
    ...NO_ENVIRONMENT_DEFAULTS,
    protocol: "ssh",
    host: target.hostname,
    port: Number(target.port || 22),
    username: decodeURIComponent(target.username) || "root",
    sshOptions: {
      privateKey: readFileSync(settings.DOCKER_SSH_KEY),
      // The host key as sent (SSH wire format) must be the configured one, byte for byte.
      hostVerifier: (key: Buffer) => key.equals(expected),
      readyTimeout: 10_000,
    },
  });
}

function certificates(dir: string) {
  return { ca: readFileSync(join(dir, "ca.pem")), cert: readFileSync(join(dir, "cert.pem")), key: readFileSync(join(dir, "key.pem")) };
}

// Where containers' published ports are reached from Berth.
export function engineAddress(): string {
  return env().BERTH_ENGINE_ADDRESS;
}

export type EngineStatus = { status: "reachable"; version: string } | { status: "unreachable"; detail: string };

export async function engineStatus(docker: Docker, dockerHost: string | undefined): Promise<EngineStatus> {
  try {
    const version = await docker.version();
    return { status: "reachable", version: version.Version };
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    return { status: "unreachable", detail: `Docker engine not reachable at ${dockerTarget(dockerHost)}: ${reason}` };
  }
}

export class EngineUnreachableError extends Error {
  override name = "EngineUnreachableError";
}

// Whether the engine stops answering within ms (polled): how a build killed by a stopping engine is told from
// one killed by its own limits.
export async function engineStopsWithin(ms: number): Promise<boolean> {
  const docker = connectDocker(env(), 2_000);
  for (const until = Date.now() + ms; Date.now() < until; await new Promise((resolve) => setTimeout(resolve, 250))) {
    if (!(await docker.ping().then(() => true, () => false))) return true;
  }
  return false;
}

// The engine the deploy workflow uses, checked to answer first so a dead engine fails with its address
// rather than a socket error deep inside a step.
export async function reachableEngine(): Promise<Docker> {
  const config = env();
  const status = await engineStatus(connectDocker(config, 5_000), config.DOCKER_HOST);
  if (status.status === "unreachable") throw new EngineUnreachableError(status.detail);
  return connectDocker(config);
}
