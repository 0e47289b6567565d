// The HTTP half of every target's health check: GET the health path until it answers 2xx, within the
// service's health-check timeout, logging the start and the outcome.
import { NonRetriableError } from "inngest";
import { logLines } from "@/lib/server/deployments/deployment-log";
import type { LoadedDeployment } from "@/lib/server/deployments/load-deployment";

// Often enough that a version is switched to within a tenth of a second of answering.
const INTERVAL_MS = 100;
const PROBE_TIMEOUT_MS = 2_000;

export type Probe = { healthy: boolean; detail: string };

export async function probeHealth(url: string): Promise<Probe> {
  try {
    const response = await fetch(url, { signal: AbortSignal.timeout(PROBE_TIMEOUT_MS), redirect: "manual" });
    await response.body?.cancel();
    const detail = `answered ${response.status}`;
    return response.status >= 200 && response.status < 300 ? { healthy: true, detail } : { healthy: false, detail: `HTTP ${response.status}` };
  } catch (error) {
    return { healthy: false, detail: error instanceof Error ? (error.cause instanceof Error ? error.cause.message : error.message) : String(error) };
  }
}

// check: one look (it may throw to end the check at once, e.g. when the container died); repeated until it
// says healthy or the timeout passes (the service's health-check timeout, or longer when a target replaces
// several tasks one after the other).
export async function withinHealthDeadline(deployment: LoadedDeployment, check: () => Promise<Probe>, timeoutSeconds = deployment.service.healthCheckTimeout): Promise<void> {
  const { service } = deployment;
  // Said at the start, so the step's time on the deployment page is the check's own.
  await logLines(deployment.id, "health", [`Checking GET ${service.healthCheckPath} (up to ${timeoutSeconds} s)`]);
  const started = Date.now();
  const deadline = started + timeoutSeconds * 1000;
  for (;;) {
    const probe = await check();
    if (probe.healthy) {
      await logLines(deployment.id, "health", [`Healthy after ${((Date.now() - started) / 1000).toFixed(1)} s: GET ${service.healthCheckPath} ${probe.detail}`]);
      return;
    }
    if (Date.now() >= deadline) {
      const message = `Health check failed: GET ${service.healthCheckPath} gave ${probe.detail} for ${timeoutSeconds} s`;
      await logLines(deployment.id, "health", [message], "stderr");
      throw new NonRetriableError(message);
    }
    await new Promise((resolve) => setTimeout(resolve, INTERVAL_MS));
  }
}
