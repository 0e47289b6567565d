// Workflow step 5: the new container must keep running and answer its health path with a 2xx before it
// gets any traffic.
import { NonRetriableError } from "inngest";
import { containerLogTail, containerState } from "@/lib/server/runtime/containers";
import { engineAddress, reachableEngine } from "@/lib/server/runtime/docker";
import { logLines } from "./deployment-log";
import { loadDeployment } from "./load-deployment";

// Often enough that a version is switched to within a tenth of a second of answering.
const INTERVAL_MS = 100;
const PROBE_TIMEOUT_MS = 2_000;

export async function checkDeploymentHealth(id: string, container: { containerId: string; hostPort: number }) {
  const { service } = await loadDeployment(id);
  const docker = await reachableEngine();
  const url = `http://${engineAddress()}:${container.hostPort}${service.healthCheckPath}`;
  // Said at the start, so the step's time on the deployment page is the check's own.
  await logLines(id, "health", [`Checking GET ${service.healthCheckPath} (up to ${service.healthCheckTimeout} s)`]);
  const started = Date.now();
  const deadline = started + service.healthCheckTimeout * 1000;
  let last: string;
  for (;;) {
    const state = await containerState(docker, container.containerId, service.containerPort);
    if (!state || !state.running || state.restarting || state.restartCount > 0) {
      const output = await containerLogTail(docker, container.containerId, 20);
      await logLines(id, "health", output.map((line) => `container: ${line}`), "stderr");
      throw new NonRetriableError(
        state ? `The container stopped during its health check (exit code ${state.exitCode})` : "The container disappeared during its health check",
      );
    }
    try {
      const response = await fetch(url, { signal: AbortSignal.timeout(PROBE_TIMEOUT_MS), redirect: "manual" });
      await response.body?.cancel();
      if (response.status >= 200 && response.status < 300) {
        await logLines(id, "health", [`Healthy after ${((Date.now() - started) / 1000).toFixed(1)} s: GET ${service.healthCheckPath} answered ${response.status}`]);
        return { healthy: true as const };
      }
      last = `HTTP ${response.status}`;
    } catch (error) {
      last = error instanceof Error ? (error.cause instanceof Error ? error.cause.message : error.message) : String(error);
    }
    if (Date.now() >= deadline) {
      const message = `Health check failed: GET ${service.healthCheckPath} gave ${last} for ${service.healthCheckTimeout} s`;
      await logLines(id, "health", [message], "stderr");
      throw new NonRetriableError(message);
    }
    await new Promise((resolve) => setTimeout(resolve, INTERVAL_MS));
  }
}
