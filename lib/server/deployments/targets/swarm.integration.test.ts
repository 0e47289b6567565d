// The swarm target end to end on this machine's engine (a one-node swarm), behind a real Caddy and router,
// driven by the embedded executor: two replicas updated start-first without a failed request, and a crashing
// version and one that never answers its health path both rolled back by Swarm itself, v2 serving throughout.
import { randomBytes } from "node:crypto";
import { writeFile } from "node:fs/promises";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { inngest } from "@/inngest/client";
import { functions } from "@/inngest/index";
import { db } from "@/lib/server/db";
import { requestDeployment } from "@/lib/server/deployments/request-deployment";
import { connectDocker } from "@/lib/server/runtime/docker";
import { findSwarmService, removeSwarmService, runningTasks, swarmServiceState } from "@/lib/server/runtime/swarm";
import { serviceRoute } from "@/lib/server/routing/service-routes";
import { followSwarmRoutes } from "./follow-swarm-routes";
import { createService } from "@/lib/server/services/create-service";
import { createServiceSchema } from "@/lib/shared/validations/service";
import { settledDeployment } from "@/test/support/deployments";
import { getThroughProxy, startPoller } from "@/test/support/http-probe";
import { startProxiedDatabase } from "@/test/support/proxied-database";
import { createSampleRepo } from "@/test/support/sample-repo";
import { ensureSwarm } from "@/test/support/swarm";
import { createTestUser } from "@/test/support/users";
import { inProcessTransport, testExecutor } from "@/test/support/workflow";

const DEPLOY_TIMEOUT = 120_000;
const docker = connectDocker(undefined);

let stack: Awaited<ReturnType<typeof startProxiedDatabase>> | undefined;
let caddy: Awaited<ReturnType<typeof startProxiedDatabase>>["caddy"];
let repo: Awaited<ReturnType<typeof createSampleRepo>>;
let executor: ReturnType<typeof testExecutor>;
let user: Awaited<ReturnType<typeof createTestUser>>;
let service: { id: string; slug: string };
let host: string;
const deployments: Record<string, string> = {};

beforeAll(async () => {
  await ensureSwarm(docker);
  stack = await startProxiedDatabase({
    BERTH_DRAIN_SECONDS: "1",
    // The static busybox the sample apps are built with: Swarm runs the health check with it.
    BERTH_SWARM_PROBE: "/bin/busybox",
  });
  caddy = stack.caddy;
  repo = await createSampleRepo();
  user = await createTestUser();
  service = await createService(
    user.id,
    createServiceSchema.parse({
      name: `swarm-${randomBytes(4).toString("hex")}`,
      provider: "git",
      clone_url: repo.url,
      runtime: { container_port: 8080, health_check_path: "/healthz", health_check_timeout_s: 8, memory_limit_mb: 64 },
      target: { kind: "swarm", replicas: 2 },
    }),
  );
  host = `${service.slug}.localhost`;
  executor = testExecutor(db, inProcessTransport(inngest, functions));
  await executor.start();
}, 120_000);

afterAll(async () => {
  await executor?.stop();
  if (service) await removeSwarmService(docker, service.id);
  await repo?.remove();
  await stack?.stop();
}, 60_000);

async function deploy(sha: string) {
  return (await requestDeployment(user, service.id, { commit_sha: sha })).id;
}

async function swarmState() {
  const found = await findSwarmService(docker, service.id);
  const state = found && (await swarmServiceState(docker, found.id));
  if (!state) throw new Error("no Swarm service");
  return state;
}

async function logText(deploymentId: string) {
  return (await db.deploymentLog.findMany({ where: { deploymentId }, orderBy: { id: "asc" } })).map((line) => line.line).join("\n");
}

describe("deploying to Docker Swarm", { timeout: 300_000 }, () => {
  it("creates a Swarm service with two replicas and routes to both tasks", async () => {
    deployments.v1 = await deploy(await repo.commit("healthy", "first version", "v1"));
    const deployment = await settledDeployment(deployments.v1, DEPLOY_TIMEOUT);
    expect(deployment).toMatchObject({ status: "live", url: `http://${host}:${caddy.httpPort}` });
    const running = runningTasks(await swarmState());
    expect(running.map((task) => task.deploymentId)).toEqual([deployments.v1, deployments.v1]);
    const route = await serviceRoute(service.id);
    expect(route?.upstreams.map((upstream) => upstream.port).sort()).toEqual(running.map((task) => task.hostPort).sort());
    expect((await getThroughProxy(caddy.httpPort, host)).body.trim()).toBe("v1");
    expect(await logText(deployments.v1)).toMatch(/Created Swarm service berth-swarm-[0-9a-f]+ .* with 2 replica\(s\)[\s\S]*Healthy after/);
  });

  it("updates to a healthy version start-first without one failed request", async () => {
    const poller = startPoller(caddy.httpPort, host);
    deployments.v2 = await deploy(await repo.commit("healthy", "second version", "v2"));
    const deployment = await settledDeployment(deployments.v2, DEPLOY_TIMEOUT);
    await new Promise((resolve) => setTimeout(resolve, 500));
    await poller.stop();
    expect(deployment.status).toBe("live");
    expect(poller.failures).toEqual([]);
    expect(poller.bodies.length).toBeGreaterThan(20);
    expect(poller.bodies.at(-1)).toBe("v2");
    expect(new Set(poller.bodies)).toEqual(new Set(["v1", "v2"]));
    expect(runningTasks(await swarmState()).map((task) => task.deploymentId)).toEqual([deployments.v2, deployments.v2]);
    expect(await db.deployment.findUniqueOrThrow({ where: { id: deployments.v1 } })).toMatchObject({ status: "superseded" });
  });

  it("shows a version whose tasks crash as rolled back by Swarm, and v2 keeps serving", async () => {
    const poller = startPoller(caddy.httpPort, host);
    deployments.v3 = await deploy(
      await repo.commitWith("healthy", "crashes on start", async (dir) => {
        await writeFile(join(dir, "Dockerfile"), 'FROM scratch\nCOPY busybox /bin/busybox\nCMD ["/bin/busybox", "sh", "-c", "echo out of memory >&2; exit 137"]\n');
      }),
    );
    const deployment = await settledDeployment(deployments.v3, DEPLOY_TIMEOUT);
    await poller.stop();
    expect(deployment.status).toBe("rolled_back");
    expect(deployment.error).toMatch(/^Swarm rolled the update back/);
    expect(await logText(deployments.v3)).toMatch(/Rolled back: Swarm rolled the update back.*v2|Rolled back: Swarm rolled the update back/);
    const state = await swarmState();
    expect(state.update?.state).toBe("rollback_completed");
    expect(runningTasks(state).map((task) => task.deploymentId)).toEqual([deployments.v2, deployments.v2]);
    expect(poller.failures).toEqual([]);
    expect(new Set(poller.bodies)).toEqual(new Set(["v2"]));
    expect((await db.service.findUniqueOrThrow({ where: { id: service.id } })).status).toBe("running");
  });

  it("never gives traffic to a version that runs but fails its health check: Swarm's own probe rolls it back", async () => {
    const poller = startPoller(caddy.httpPort, host);
    deployments.v4 = await deploy(await repo.commit("unhealthy", "no health page", "v4"));
    const deployment = await settledDeployment(deployments.v4, DEPLOY_TIMEOUT);
    await poller.stop();
    expect(deployment.status).toBe("rolled_back");
    expect(deployment.error).toMatch(/^Swarm rolled the update back/);
    const spec = await (await findSwarmService(docker, service.id))?.inspect();
    expect(spec?.Spec?.TaskTemplate?.ContainerSpec?.Healthcheck?.Test).toEqual(["CMD", "/.berth/busybox", "wget", "-q", "-O", "/dev/null", "http://127.0.0.1:8080/healthz"]);
    expect(runningTasks(await swarmState()).map((task) => task.deploymentId)).toEqual([deployments.v2, deployments.v2]);
    expect(poller.failures).toEqual([]);
    expect(new Set(poller.bodies)).toEqual(new Set(["v2"]));
  });
});

describe("between deployments", { timeout: 120_000 }, () => {
  it("moves the route to the task Swarm starts in place of one that died", async () => {
    const before = runningTasks(await swarmState());
    const victim = before[0];
    const [container] = await docker.listContainers({ filters: { label: [`com.docker.swarm.task.id=${victim?.id}`] } });
    await docker.getContainer(container?.Id ?? "").remove({ force: true });
    await expect
      .poll(async () => runningTasks(await swarmState()).filter((task) => task.id !== victim?.id).length, { timeout: 60_000, interval: 250 })
      .toBe(2);
    expect((await followSwarmRoutes()).updated).toEqual([service.slug]);
    const ports = runningTasks(await swarmState()).map((task) => task.hostPort);
    expect((await serviceRoute(service.id))?.upstreams.map((upstream) => upstream.port).sort()).toEqual(ports.sort());
    expect((await followSwarmRoutes()).updated).toEqual([]);
    expect((await getThroughProxy(caddy.httpPort, host)).body.trim()).toBe("v2");
  });
});
