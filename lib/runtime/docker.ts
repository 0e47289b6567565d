// The Docker engine, through dockerode. DOCKER_HOST (unix://, tcp://) picks the engine; default is the
// local socket.
import Docker from "dockerode";

export function dockerTarget(dockerHost: string | undefined): string {
  return dockerHost ?? "unix:///var/run/docker.sock";
}

export function connectDocker(dockerHost: string | undefined): Docker {
  const target = new URL(dockerTarget(dockerHost));
  if (target.protocol === "unix:") return new Docker({ socketPath: target.pathname, timeout: 5_000 });
  return new Docker({
    host: target.hostname,
    port: Number(target.port || 2375),
    protocol: target.protocol === "https:" ? "https" : "http",
    timeout: 5_000,
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
