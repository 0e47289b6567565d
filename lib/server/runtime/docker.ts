// The Docker engine, through dockerode. DOCKER_HOST (unix://, tcp://) picks the engine; default is the
// local socket.
import Docker from "dockerode";
import { env } from "@/lib/server/env";

export function dockerTarget(dockerHost: string | undefined): string {
  return dockerHost ?? "unix:///var/run/docker.sock";
}

// timeoutMs is a socket inactivity limit: right for status probes, wrong for builds that print nothing
// for minutes.
export function connectDocker(dockerHost: string | undefined, timeoutMs?: number): Docker {
  const target = new URL(dockerTarget(dockerHost));
  if (target.protocol === "unix:") return new Docker({ socketPath: target.pathname, timeout: timeoutMs });
  return new Docker({
    host: target.hostname,
    port: Number(target.port || 2375),
    protocol: target.protocol === "https:" ? "https" : "http",
    timeout: timeoutMs,
  });
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

// The engine the deploy workflow uses, checked to answer first so a dead engine fails with its address
// rather than a socket error deep inside a step.
export async function reachableEngine(): Promise<Docker> {
  const { DOCKER_HOST } = env();
  const status = await engineStatus(connectDocker(DOCKER_HOST, 5_000), DOCKER_HOST);
  if (status.status === "unreachable") throw new EngineUnreachableError(status.detail);
  return connectDocker(DOCKER_HOST);
}
