// Ephemeral GitHub Actions runner containers: started from the pool's image with the just-in-time config
// as the runner's only argument, never restarted (a runner exits after its one job), found by their labels.
import type Docker from "dockerode";
import { isEngineStatus, LABELS, removeContainer } from "./containers";

export const RUNNER_LABELS = { pool: "berth.runner.pool", job: "berth.runner.job" } as const;

export type RunnerContainerInput = {
  name: string;
  image: string;
  jitConfig: string;
  limits: { memoryMb: number; cpus: number | null; pids: number };
  poolId: string;
  jobRowId: string;
};

export async function startRunnerContainer(docker: Docker, input: RunnerContainerInput): Promise<string> {
  const options: Docker.ContainerCreateOptions = {
    name: input.name,
    Image: input.image,
    // actions/runner's entry point, in the image's working directory (/home/runner).
    Cmd: ["./run.sh", "--jitconfig", input.jitConfig],
    Labels: { [LABELS.managed]: "true", [RUNNER_LABELS.pool]: input.poolId, [RUNNER_LABELS.job]: input.jobRowId },
    HostConfig: {
      RestartPolicy: { Name: "no" },
      Memory: input.limits.memoryMb * 1024 * 1024,
      MemorySwap: input.limits.memoryMb * 1024 * 1024,
      PidsLimit: input.limits.pids,
      NanoCpus: input.limits.cpus ? Math.round(input.limits.cpus * 1e9) : undefined,
    },
  };
  const container = await docker.createContainer(options).catch(async (error: unknown) => {
    if (!isEngineStatus(error, 404)) throw error;
    // The image is not on this engine yet.
    const progress = await docker.pull(input.image);
    await new Promise<void>((resolve, reject) => docker.modem.followProgress(progress, (done: Error | null) => (done ? reject(done) : resolve())));
    return docker.createContainer(options);
  });
  await container.start();
  return container.id;
}

// Removes the runner container of that name, and nothing else: a container of the same name that Berth did
// not start as a runner is left alone. Gone already is fine.
export async function removeRunnerContainer(docker: Docker, name: string, graceSeconds = 5): Promise<boolean> {
  const details = await docker
    .getContainer(name)
    .inspect()
    .catch((error: unknown) => {
      if (isEngineStatus(error, 404)) return null;
      throw error;
    });
  if (!details?.Config.Labels?.[RUNNER_LABELS.pool]) return false;
  await removeContainer(docker, details.Id, graceSeconds);
  return true;
}
