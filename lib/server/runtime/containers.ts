// Containers Berth runs for a service: started from a built image, found again by their labels, removed.
import type Docker from "dockerode";
import type { ContainerLimits } from "./container-limits";

export const LABELS = { managed: "berth.managed", service: "berth.service", deployment: "berth.deployment" } as const;

export type StartContainerInput = {
  name: string;
  image: string;
  containerPort: number;
  env: Record<string, string>;
  limits: ContainerLimits;
  serviceId: string;
  deploymentId: string;
  // 127.0.0.1 when a reverse proxy on this machine fronts the service, otherwise every interface.
  bindHost: string;
};

export type RunningContainer = { id: string; hostPort: number };

export async function startContainer(docker: Docker, input: StartContainerInput): Promise<RunningContainer> {
  const port = `${input.containerPort}/tcp`;
  const container = await docker.createContainer({
    name: input.name,
    Image: input.image,
    Env: Object.entries(input.env).map(([key, value]) => `${key}=${value}`),
    ExposedPorts: { [port]: {} },
    Labels: { [LABELS.managed]: "true", [LABELS.service]: input.serviceId, [LABELS.deployment]: input.deploymentId },
    HostConfig: {
      PortBindings: { [port]: [{ HostIp: input.bindHost, HostPort: "" }] },
      RestartPolicy: { Name: "unless-stopped" },
      Memory: input.limits.memory_mb * 1024 * 1024,
      // Equal to Memory: no swap on top of the limit.
      MemorySwap: input.limits.memory_mb * 1024 * 1024,
      PidsLimit: input.limits.pids,
      NanoCpus: input.limits.cpus ? Math.round(input.limits.cpus * 1e9) : undefined,
    },
  });
  await container.start();
  const details = await container.inspect();
  const hostPort = Number(details.NetworkSettings.Ports[port]?.[0]?.HostPort);
  if (!hostPort) throw new Error(`The engine published no host port for ${port}`);
  return { id: container.id, hostPort };
}

export type ContainerState = { running: boolean; restarting: boolean; restartCount: number; exitCode: number; hostPort: number | undefined };

export async function containerState(docker: Docker, id: string, containerPort: number): Promise<ContainerState | undefined> {
  try {
    const details = await docker.getContainer(id).inspect();
    const hostPort = Number(details.NetworkSettings.Ports?.[`${containerPort}/tcp`]?.[0]?.HostPort) || undefined;
    return { running: details.State.Running, restarting: details.State.Restarting, restartCount: details.RestartCount, exitCode: details.State.ExitCode, hostPort };
  } catch {
    return undefined;
  }
}

export async function containerLogTail(docker: Docker, id: string, lines: number): Promise<string[]> {
  try {
    const output = await docker.getContainer(id).logs({ stdout: true, stderr: true, tail: lines, follow: false });
    // Without a TTY the engine multiplexes: 8-byte frame headers before each chunk.
    const text: string[] = [];
    for (let offset = 0; offset + 8 <= output.length; ) {
      const size = output.readUInt32BE(offset + 4);
      text.push(output.subarray(offset + 8, offset + 8 + size).toString("utf8"));
      offset += 8 + size;
    }
    return text.join("").split("\n").filter(Boolean);
  } catch {
    return [];
  }
}

export async function findContainers(docker: Docker, labels: Record<string, string>): Promise<Docker.ContainerInfo[]> {
  return docker.listContainers({ all: true, filters: { label: Object.entries(labels).map(([key, value]) => `${key}=${value}`) } });
}

// Stops gracefully (SIGTERM, then SIGKILL after the grace period) and removes; gone already is fine.
export async function removeContainer(docker: Docker, id: string, graceSeconds = 10): Promise<void> {
  const container = docker.getContainer(id);
  try {
    await container.stop({ t: graceSeconds });
  } catch (error) {
    if (!isEngineStatus(error, 304) && !isEngineStatus(error, 404)) throw error;
  }
  try {
    await container.remove({ force: true });
  } catch (error) {
    if (!isEngineStatus(error, 404) && !isEngineStatus(error, 409)) throw error;
  }
}

// A deployment's containers never served traffic worth draining: killed at once.
export async function removeDeploymentContainers(docker: Docker, deploymentId: string): Promise<void> {
  for (const container of await findContainers(docker, { [LABELS.deployment]: deploymentId })) await removeContainer(docker, container.Id, 0);
}

export function isEngineStatus(error: unknown, status: number): boolean {
  return typeof error === "object" && error !== null && (error as { statusCode?: number }).statusCode === status;
}
