// The deploy workflow end to end on the real Docker engine, behind a real Caddy, driven by the embedded
// executor: what a user pushing commits would see.
import { spawn, type ChildProcess } from "node:child_process";
import { randomBytes } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { db } from "@/lib/server/db";
import { metrics } from "@/lib/server/metrics";
import { requestDeployment } from "@/lib/server/deployments/request-deployment";
import { requestRollback } from "@/lib/server/deployments/request-rollback";
import { restoreMissingRoutes } from "@/lib/server/routing/restore-routes";
import { findContainers, LABELS } from "@/lib/server/runtime/containers";
import { connectDocker } from "@/lib/server/runtime/docker";
import { createService } from "@/lib/server/services/create-service";
import { createServiceSchema } from "@/lib/shared/validations/service";
import { getThroughProxy, startKeepAliveLoad, startPoller } from "@/test/support/http-probe";
import { startProxiedDatabase } from "@/test/support/proxied-database";
import { settledDeployment } from "@/test/support/deployments";
import { createSampleRepo } from "@/test/support/sample-repo";
import { createTestUser } from "@/test/support/users";
import { inProcessTransport, testExecutor } from "@/test/support/workflow";
import { waitFor } from "@/test/support/wait-for";
import { inngest } from "./client";
import { functions } from "./index";

const DEPLOY_TIMEOUT = 90_000;
const docker = connectDocker(undefined);

let stack: Awaited<ReturnType<typeof startProxiedDatabase>> | undefined;
let caddy: Awaited<ReturnType<typeof startProxiedDatabase>>["caddy"];
let repo: Awaited<ReturnType<typeof createSampleRepo>>;
let executor: ReturnType<typeof testExecutor>;
let user: Awaited<ReturnType<typeof createTestUser>>;
let service: { id: string; slug: string };
let host: string;

function startExecutor() {
  executor = testExecutor(db, inProcessTransport(inngest, functions));
  return executor.start();
}

beforeAll(async () => {
  // Berth at 127.0.0.1 (the helper's NEXTAUTH_URL), so the services at {service}.localhost are not on its site.
  stack = await startProxiedDatabase({ BERTH_DRAIN_SECONDS: "1" });
  caddy = stack.caddy;
  repo = await createSampleRepo();
  user = await createTestUser();
  const name = `sample-${randomBytes(4).toString("hex")}`;
  service = await createService(
    user.id,
    createServiceSchema.parse({
      name,
      provider: "git",
      clone_url: repo.url,
      runtime: {
        container_port: 8080,
        health_check_path: "/healthz",
        health_check_timeout_s: 4,
        memory_limit_mb: 64,
        cpu_limit: 0.5,
        env_vars: { GREETING: "hello" },
      },
    }),
  );
  host = `${service.slug}.localhost`;
  await startExecutor();
}, 120_000);

afterAll(async () => {
  await executor?.stop();
  for (const container of await findContainers(docker, { [LABELS.service]: service.id })) {
    await docker.getContainer(container.Id).remove({ force: true });
  }
  await repo?.remove();
  await stack?.stop();
}, 60_000);

async function deploy(sha: string) {
  return (await requestDeployment(user, service.id, { commit_sha: sha })).id;
}

const settled = (id: string) => settledDeployment(id, DEPLOY_TIMEOUT);

async function serviceContainers() {
  return (await findContainers(docker, { [LABELS.service]: service.id })).map((container) => container.Labels[LABELS.deployment]);
}

async function notificationTypes(deploymentId: string) {
  return (await db.notification.findMany({ where: { deploymentId }, orderBy: { createdAt: "asc" } })).map((n) => n.type);
}

// The notification is written just after the status: wait for it rather than race it.
async function notification(deploymentId: string, type: string) {
  return waitFor(() => db.notification.findFirst({ where: { deploymentId, type } }), 10_000, `a ${type} notification`);
}

async function logText(deploymentId: string) {
  return (await db.deploymentLog.findMany({ where: { deploymentId }, orderBy: { id: "asc" } })).map((l) => l.line).join("\n");
}

const deployments: Record<string, string> = {};

describe("deploy workflow on Docker behind Caddy", { timeout: 180_000 }, () => {
  it("builds and serves the first version, logging and notifying each stage", async () => {
    // What the service says while its first version is built and started, as the dashboard reads it.
    const seen = new Set<string>();
    let watching = true;
    const watcher = (async () => {
      while (watching) {
        seen.add((await db.service.findUniqueOrThrow({ where: { id: service.id } })).status);
        await new Promise((resolve) => setTimeout(resolve, 20));
      }
    })();
    deployments.v1 = await deploy(await repo.commit("healthy", "first version", "v1"));
    const deployment = await settled(deployments.v1);
    watching = false;
    await watcher;
    // Then running: asserted below, once the deployment is live.
    expect([...seen]).toEqual(expect.arrayContaining(["building", "deploying"]));
    expect(deployment).toMatchObject({ status: "live", url: `http://${host}:${caddy.httpPort}` });
    expect(deployment.imageTag).toMatch(new RegExp(`^berth/${service.slug}:[0-9a-f]{12}$`));
    expect((await getThroughProxy(caddy.httpPort, host)).body.trim()).toBe("v1");
    const stages = ["build_started", "build_completed", "deployment_started", "deployment_completed"];
    await waitFor(async () => (await notificationTypes(deployments.v1 ?? "")).length === stages.length, 10_000, "the last notification");
    expect(await notificationTypes(deployments.v1)).toEqual(stages);
    expect(await logText(deployments.v1)).toMatch(/Checked out [0-9a-f]{7} "first version" by Sample Author[\s\S]*Healthy after/);
    expect((await db.service.findUniqueOrThrow({ where: { id: service.id } })).status).toBe("running");
    const container = await docker.getContainer(deployment.containerId ?? "").inspect();
    expect(container.HostConfig).toMatchObject({ Memory: 64 * 1024 * 1024, NanoCpus: 500_000_000 });
    expect(container.Config.Env).toContain("GREETING=hello");
    expect(container.Config.Labels).toMatchObject({ [LABELS.service]: service.id, [LABELS.deployment]: deployments.v1 });
  });

  it("switches traffic to a healthy new version without one failed request, then retires the old container", async () => {
    const poller = startPoller(caddy.httpPort, host);
    const keepAlive = startKeepAliveLoad(caddy.httpPort, host);
    deployments.v2 = await deploy(await repo.commit("healthy", "second version", "v2"));
    expect((await settled(deployments.v2)).status).toBe("live");
    await waitFor(async () => (await serviceContainers()).length === 1, 30_000, "the old container to be retired");
    await Promise.all([poller.stop(), keepAlive.stop()]);
    expect(poller.failures).toEqual([]);
    expect(poller.resets).toBe(0);
    expect(keepAlive.failures).toEqual([]);
    expect([...keepAlive.bodies.keys()].sort()).toEqual(["v1", "v2"]);
    expect(poller.bodies).toContain("v1");
    expect(poller.bodies.at(-1)).toBe("v2");
    // Once a request saw v2, none saw v1 again: the switch is atomic.
    expect(poller.bodies.slice(poller.bodies.indexOf("v2"))).not.toContain("v1");
    expect(await serviceContainers()).toEqual([deployments.v2]);
    expect((await db.deployment.findUniqueOrThrow({ where: { id: deployments.v1 } })).status).toBe("superseded");
  });

  it("rolls back a version that fails its health check; the old one keeps answering", async () => {
    const poller = startPoller(caddy.httpPort, host);
    const id = await deploy(await repo.commit("unhealthy", "forgot the health endpoint"));
    const deployment = await settled(id);
    await poller.stop();
    expect(deployment.status).toBe("rolled_back");
    expect(deployment.error).toMatch(/^Health check failed: GET \/healthz gave HTTP 404 for 4 s/);
    expect((await notification(id, "deployment_rollback")).message).toMatch(/was rolled back: Health check failed.* [0-9a-f]{7} keeps serving\./);
    expect(await metrics.registry.getSingleMetricAsString("deployments_total")).toMatch(/deployments_total\{outcome="rolled_back"\} 1/);
    expect(poller.failures).toEqual([]);
    expect(new Set(poller.bodies)).toEqual(new Set(["v2"]));
    expect(await serviceContainers()).toEqual([deployments.v2]);
    expect((await db.deployment.findUniqueOrThrow({ where: { id: deployments.v2 } })).status).toBe("live");
  });

  it("leaves the running version alone when the build fails, and says why", async () => {
    const id = await deploy(await repo.commit("broken", "break the build"));
    const deployment = await settled(id);
    expect(deployment.status).toBe("failed");
    expect(deployment.error).toMatch(/returned a non-zero code: 3/);
    const failed = await notification(id, "build_failed");
    expect(failed.message).toContain("the build is broken");
    expect(await logText(id)).toContain("compiling");
    expect((await getThroughProxy(caddy.httpPort, host)).body.trim()).toBe("v2");
    expect(await serviceContainers()).toEqual([deployments.v2]);
    expect((await db.service.findUniqueOrThrow({ where: { id: service.id } })).status).toBe("running");
  });

  it("cancels a queued deployment when a newer push arrives", async () => {
    const older = await deploy(await repo.commit("healthy", "third", "v3"));
    const newer = await deploy(await repo.commit("healthy", "fourth", "v4"));
    const [first, second] = [await settled(older), await settled(newer)];
    expect(first.status).toBe("cancelled");
    expect(first.error).toMatch(/^Superseded by a newer deployment \([0-9a-f]{7}\)$/);
    expect(second.status).toBe("live");
    expect((await getThroughProxy(caddy.httpPort, host)).body.trim()).toBe("v4");
    deployments.v4 = newer;
  });

  it("rolls back to an earlier deployment's image on request", async () => {
    const rollback = await requestRollback(user, deployments.v2 ?? "");
    const deployment = await settled(rollback.id);
    expect(deployment).toMatchObject({ status: "live", trigger: "rollback", rollbackFromId: deployments.v2 });
    expect(await logText(rollback.id)).toContain("Reusing image");
    expect((await getThroughProxy(caddy.httpPort, host)).body.trim()).toBe("v2");
  });

  it("keeps a service serving on an instance upgraded from per-service Caddy routes (no route row yet)", async () => {
    const before = await db.serviceRoute.findUniqueOrThrow({ where: { serviceId: service.id } });
    await db.serviceRoute.delete({ where: { serviceId: service.id } });
    await waitFor(async () => (await getThroughProxy(caddy.httpPort, host)).status === 404, 10_000, "the unrouted host's 404");
    expect(await restoreMissingRoutes(db, docker)).toEqual({ restored: [service.slug], notRunning: [] });
    expect(await db.serviceRoute.findUniqueOrThrow({ where: { serviceId: service.id } })).toMatchObject({ upstreams: before.upstreams, deploymentId: before.deploymentId });
    await waitFor(async () => (await getThroughProxy(caddy.httpPort, host)).body.trim() === "v2", 10_000, "v2 to be served again");
    expect(await restoreMissingRoutes(db, docker)).toEqual({ restored: [], notRunning: [] });
  });

  it("finishes a deployment whose process was killed mid-way, leaving no stray container", async () => {
    await executor.stop();
    const child: ChildProcess = spawn(process.execPath, ["--conditions=react-server", "--import", "tsx", "test/support/executor-process.ts"], {
      env: { ...process.env, LOG_LEVEL: "silent" },
      stdio: ["ignore", "pipe", "inherit"],
    });
    try {
      const id = await deploy(await repo.commit("healthy", "fifth", "v5"));
      await waitFor(async () => (await logText(id)).includes("Building"), DEPLOY_TIMEOUT, "the build to start in the child process");
      child.kill("SIGKILL");
      expect((await db.deployment.findUniqueOrThrow({ where: { id } })).status).toMatch(/^(building|deploying)$/);
      await startExecutor();
      expect((await settled(id)).status).toBe("live");
      await waitFor(async () => (await serviceContainers()).length === 1, 30_000, "one container left");
      expect(await serviceContainers()).toEqual([id]);
      expect((await getThroughProxy(caddy.httpPort, host)).body.trim()).toBe("v5");
    } finally {
      child.kill("SIGKILL");
    }
  });
});
