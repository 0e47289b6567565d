// The limits a service's containers (and the RUN steps of its builds) really run with: its own memory
// limit or the instance default, its CPU limit if any, and the instance's process limit. A tenant app
// without them could take the host's memory or fork until the host cannot.
import { env } from "@/lib/server/env";

export type ContainerLimits = { memory_mb: number; cpus: number | null; pids: number };

export function containerLimits(service: { memoryLimitMb: number | null; cpuLimit: number | null }): ContainerLimits {
  const config = env();
  return { memory_mb: service.memoryLimitMb ?? config.BERTH_CONTAINER_MEMORY_MB, cpus: service.cpuLimit, pids: config.BERTH_CONTAINER_PIDS_LIMIT };
}
