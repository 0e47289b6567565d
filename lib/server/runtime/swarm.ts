// Docker Swarm services Berth runs, one per Berth service: created or updated to a new image (start-first,
// Swarm rolling back on its own when a new task fails), their tasks read back, rolled back, removed.
// Ports are published in host mode, one free port per task: the ingress routing mesh does not answer on
// every engine (it did not on ours), and the traffic router lists each task anyway.
import type Docker from "dockerode";
import { z } from "zod";
import type { ContainerLimits } from "./container-limits";
import { isEngineStatus } from "./containers";

export const SWARM_LABELS = { managed: "berth.managed", service: "berth.swarm-service", deployment: "berth.deployment" } as const;

// How long Swarm watches each new task for a failure before it goes on to the next.
export const MONITOR_SECONDS = 5;
const SECOND_NS = 1e9;

export type SwarmServiceInput = {
  name: string;
  image: string;
  replicas: number;
  containerPort: number;
  env: Record<string, string>;
  limits: ContainerLimits;
  serviceId: string;
  deploymentId: string;
  stopGraceSeconds: number;
  // The health check Swarm runs in each task, with the static busybox mounted from probePath on the node.
  health: { probePath: string; path: string; startSeconds: number } | undefined;
};

// Named busybox: a multi-call binary picks its applet by the name it is run as, unless that name is its own.
const PROBE_TARGET = "/.berth/busybox";
// How long the probe's failing answers take, after the start period, to make Swarm replace a task.
export const PROBE_RETRY_SECONDS = 4;

function serviceSpec(input: SwarmServiceInput) {
  const labels = { [SWARM_LABELS.managed]: "true", [SWARM_LABELS.service]: input.serviceId, [SWARM_LABELS.deployment]: input.deploymentId };
  const oneAtATime = { Parallelism: 1, Delay: 0, Monitor: MONITOR_SECONDS * SECOND_NS, MaxFailureRatio: 0, Order: "start-first" };
  return {
    Name: input.name,
    Labels: labels,
    TaskTemplate: {
      ContainerSpec: {
        Image: input.image,
        Env: Object.entries(input.env).map(([key, value]) => `${key}=${value}`),
        Labels: labels,
        StopGracePeriod: input.stopGraceSeconds * SECOND_NS,
        ...(input.health ? probeSpec(input.health, input.containerPort) : {}),
      },
      Resources: {
        Limits: {
          MemoryBytes: input.limits.memory_mb * 1024 * 1024,
          NanoCPUs: input.limits.cpus ? Math.round(input.limits.cpus * SECOND_NS) : undefined,
          Pids: input.limits.pids,
        },
      },
      RestartPolicy: { Condition: "on-failure", Delay: SECOND_NS },
    },
    Mode: { Replicated: { Replicas: input.replicas } },
    UpdateConfig: { ...oneAtATime, FailureAction: "rollback" },
    // A rollback that fails too stops where it is: nobody can say which version is right then.
    RollbackConfig: { ...oneAtATime, FailureAction: "pause" },
    EndpointSpec: { Ports: [{ Protocol: "tcp" as const, TargetPort: input.containerPort, PublishMode: "host" as const }] },
  };
}

// A failing answer counts after the start period (the service's health-check timeout); three in a row and
// Swarm replaces the task, which fails the update.
function probeSpec(health: NonNullable<SwarmServiceInput["health"]>, containerPort: number) {
  return {
    Mounts: [{ Type: "bind" as const, Source: health.probePath, Target: PROBE_TARGET, ReadOnly: true }],
    Healthcheck: {
      // No wget -T: Debian's static busybox 1.35 crashes with it. Swarm's Timeout bounds the probe instead.
      Test: ["CMD", PROBE_TARGET, "wget", "-q", "-O", "/dev/null", `http://127.0.0.1:${containerPort}${health.path}`],
      Interval: SECOND_NS,
      Timeout: 3 * SECOND_NS,
      Retries: PROBE_RETRY_SECONDS - 1,
      StartPeriod: health.startSeconds * SECOND_NS,
    },
  };
}

// None on an engine that is not a Swarm manager (it answers 503).
export async function findSwarmService(docker: Docker, serviceId: string): Promise<Docker.Service | undefined> {
  try {
    const [found] = await docker.listServices({ filters: { label: [`${SWARM_LABELS.service}=${serviceId}`] } });
    return found ? docker.getService(found.ID) : undefined;
  } catch (error) {
    if (isEngineStatus(error, 503)) return undefined;
    throw error;
  }
}

// Creates the Swarm service, or updates it to the new image and settings (Swarm then replaces its tasks).
// earlierUpdate: when the update Swarm reported before this one started, so that its outcome (a rollback,
// say) is not taken for this one's.
export async function deploySwarmService(docker: Docker, input: SwarmServiceInput): Promise<{ id: string; created: boolean; earlierUpdate: string | undefined }> {
  const existing = await findSwarmService(docker, input.serviceId);
  if (!existing) {
    const created = (await docker.createService(serviceSpec(input))) as { id?: string; ID?: string };
    return { id: created.id ?? created.ID ?? "", created: true, earlierUpdate: undefined };
  }
  const details = await inspectService(existing);
  await existing.update({ _query: { version: details.Version.Index }, _body: serviceSpec(input) });
  return { id: details.ID, created: false, earlierUpdate: details.UpdateStatus?.StartedAt };
}

// The engine's service, as far as Berth reads it.
const serviceDetailsSchema = z.object({
  ID: z.string(),
  Version: z.object({ Index: z.number().int() }),
  Spec: z.object({ Mode: z.object({ Replicated: z.object({ Replicas: z.number().int() }).optional() }).optional() }).optional(),
  PreviousSpec: z.record(z.string(), z.unknown()).optional(),
  UpdateStatus: z.object({ State: z.string().optional(), Message: z.string().optional(), StartedAt: z.string().optional() }).optional(),
});

async function inspectService(service: Docker.Service) {
  return serviceDetailsSchema.parse(await service.inspect());
}

const updateStateSchema = z.enum(["updating", "paused", "completed", "rollback_started", "rollback_paused", "rollback_completed"]);
export type SwarmUpdateState = z.infer<typeof updateStateSchema>;

export type SwarmTask = {
  id: string;
  deploymentId: string | undefined;
  state: string;
  desiredState: string;
  error: string | undefined;
  hostPort: number | undefined;
  createdAt: string;
};

export type SwarmServiceState = {
  update: { state: SwarmUpdateState; message: string; startedAt: string | undefined } | undefined;
  replicas: number;
  tasks: SwarmTask[];
};

export async function swarmServiceState(docker: Docker, swarmServiceId: string): Promise<SwarmServiceState | undefined> {
  let details: z.infer<typeof serviceDetailsSchema>;
  try {
    details = await inspectService(docker.getService(swarmServiceId));
  } catch (error) {
    if (isEngineStatus(error, 404)) return undefined;
    throw error;
  }
  const parsedState = updateStateSchema.safeParse(details.UpdateStatus?.State);
  const tasks = z.array(taskSchema).parse(await docker.listTasks({ filters: { service: [swarmServiceId] } }));
  return {
    update: parsedState.success ? { state: parsedState.data, message: details.UpdateStatus?.Message ?? "", startedAt: details.UpdateStatus?.StartedAt } : undefined,
    replicas: details.Spec?.Mode?.Replicated?.Replicas ?? 0,
    tasks: tasks.map(describeTask),
  };
}

// The engine's task, as far as Berth reads it.
const taskSchema = z.object({
  ID: z.string(),
  CreatedAt: z.string().default(""),
  DesiredState: z.string().default("unknown"),
  Spec: z.object({ ContainerSpec: z.object({ Labels: z.record(z.string(), z.string()).nullish() }).partial().optional() }).partial().optional(),
  Status: z
    .object({
      State: z.string().default("unknown"),
      Err: z.string().optional(),
      PortStatus: z.object({ Ports: z.array(z.object({ PublishedPort: z.number().int().optional() })).nullish() }).partial().optional(),
    })
    .partial()
    .optional(),
});

function describeTask(task: z.infer<typeof taskSchema>): SwarmTask {
  return {
    id: task.ID,
    deploymentId: task.Spec?.ContainerSpec?.Labels?.[SWARM_LABELS.deployment],
    state: task.Status?.State ?? "unknown",
    desiredState: task.DesiredState,
    error: task.Status?.Err,
    hostPort: task.Status?.PortStatus?.Ports?.[0]?.PublishedPort,
    createdAt: task.CreatedAt,
  };
}

export function runningTasks(state: SwarmServiceState): SwarmTask[] {
  return state.tasks.filter((task) => task.state === "running" && task.desiredState === "running" && task.hostPort !== undefined);
}

// Swarm's own rollback to the spec before the last update (what `docker service rollback` does).
export async function rollBackSwarmService(docker: Docker, swarmServiceId: string): Promise<void> {
  const service = docker.getService(swarmServiceId);
  const details = await inspectService(service);
  if (!details.PreviousSpec) throw new Error("Swarm has no earlier version of this service to roll back to");
  await service.update({ _query: { version: details.Version.Index, rollback: "previous" }, _body: details.PreviousSpec });
}

export async function removeSwarmService(docker: Docker, serviceId: string): Promise<boolean> {
  const service = await findSwarmService(docker, serviceId);
  if (!service) return false;
  try {
    await service.remove();
  } catch (error) {
    if (!isEngineStatus(error, 404)) throw error;
  }
  return true;
}

export async function swarmActive(docker: Docker): Promise<boolean> {
  const info = (await docker.info()) as { Swarm?: { LocalNodeState?: string; ControlAvailable?: boolean } };
  return info.Swarm?.LocalNodeState === "active" && info.Swarm.ControlAvailable === true;
}
