// What runs is brought back to what the history says, without a push: a live container that stopped (as after a
// reboot) is started again and its new port routed, one removed by hand is made again from its image, a container
// of an ended deployment is removed, and a deployment whose workflow run is gone is failed.
import { randomBytes } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { inngest } from "@/inngest/client";
import { functions } from "@/inngest/index";
import { db } from "@/lib/server/db";
import { requestDeployment } from "@/lib/server/deployments/request-deployment";
import { findContainers, LABELS, startContainer } from "@/lib/server/runtime/containers";
import { connectDocker } from "@/lib/server/runtime/docker";
import { createService } from "@/lib/server/services/create-service";
import { createServiceSchema } from "@/lib/shared/validations/service";
import { settledDeployment } from "@/test/support/deployments";
import { getThroughProxy } from "@/test/support/http-probe";
import { startProxiedDatabase } from "@/test/support/proxied-database";
import { createSampleRepo } from "@/test/support/sample-repo";
import { createTestUser } from "@/test/support/users";
import { waitFor } from "@/test/support/wait-for";
import { inProcessTransport, testExecutor } from "@/test/support/workflow";
import { convergeRuntime } from "./converge-runtime";

const docker = connectDocker(undefined);
let stack: Awaited<ReturnType<typeof startProxiedDatabase>> | undefined;
let caddy: Awaited<ReturnType<typeof startProxiedDatabase>>["caddy"];
let repo: Awaited<ReturnType<typeof createSampleRepo>>;
let executor: ReturnType<typeof testExecutor>;
let service: { id: string; slug: string };
let liveId: string;
let host: string;

beforeAll(async () => {
  stack = await startProxiedDatabase({ BERTH_DRAIN_SECONDS: "0" });
  caddy = stack.caddy;
  repo = await createSampleRepo();
  const user = await createTestUser();
  service = await createService(
    user.id,
    createServiceSchema.parse({ name: `converge-${randomBytes(4).toString("hex")}`, provider: "git", clone_url: repo.url, runtime: { container_port: 8080, health_check_path: "/healthz", health_check_timeout_s: 8 } }),
  );
  host = `${service.slug}.localhost`;
  executor = testExecutor(db, inProcessTransport(inngest, functions));
  await executor.start();
  const live = await settledDeployment((await requestDeployment(user, service.id, { commit_sha: await repo.commit("healthy", "v1", "v1") })).id, 90_000);
  expect(live.status).toBe("live");
  liveId = live.id;
  await executor.stop();
}, 150_000);

afterAll(async () => {
  for (const container of await findContainers(docker, { [LABELS.service]: service.id })) await docker.getContainer(container.Id).remove({ force: true });
  await repo?.remove();
  await stack?.stop();
}, 60_000);

const served = () => waitFor(async () => (await getThroughProxy(caddy.httpPort, host).catch(() => undefined))?.body.trim() === "v1", 10_000, "v1 to be served");
const liveContainer = async () => (await db.deployment.findUniqueOrThrow({ where: { id: liveId } })).containerId ?? "";

describe("converging after restarts", { timeout: 60_000 }, () => {
  it("starts a stopped live container again and routes its new port", async () => {
    const id = await liveContainer();
    await docker.getContainer(id).stop({ t: 0 });
    expect((await getThroughProxy(caddy.httpPort, host).catch(() => ({ status: 502 }))).status).not.toBe(200);
    const outcome = await convergeRuntime({ failOrphaned: true });
    expect(outcome.restarted).toEqual([service.slug]);
    await served();
    expect(await liveContainer()).toBe(id);
    expect((await convergeRuntime({ failOrphaned: true })).restarted).toEqual([]);
  });

  it("makes a live container removed by hand again from its image, and says so", async () => {
    const before = await liveContainer();
    await docker.getContainer(before).remove({ force: true });
    const outcome = await convergeRuntime({ failOrphaned: true });
    expect(outcome).toMatchObject({ recreated: [service.slug], rerouted: [service.slug] });
    await served();
    expect(await liveContainer()).not.toBe(before);
    const log = (await db.deploymentLog.findMany({ where: { deploymentId: liveId }, orderBy: { id: "asc" } })).map((line) => line.line).join("\n");
    expect(log).toMatch(/The live container of converge-[0-9a-f]+ was gone; Berth started berth\/converge-[0-9a-f]+:[0-9a-f]{12} again/);
    expect(await db.notification.findFirst({ where: { deploymentId: liveId, type: "service_restored" } })).toMatchObject({ severity: "warning" });
  });

  it("removes a container of an ended deployment once the service has settled, and leaves other Berths' containers", async () => {
    const live = await db.deployment.findUniqueOrThrow({ where: { id: liveId } });
    const ended = await db.deployment.create({ data: { serviceId: service.id, trigger: "manual", status: "failed", imageTag: live.imageTag, finishedAt: new Date(Date.now() - 3_600_000) } });
    await db.deployment.update({ where: { id: liveId }, data: { finishedAt: new Date(Date.now() - 3_600_000) } });
    const start = (deploymentId: string) =>
      startContainer(docker, {
        name: `berth-stray-${randomBytes(4).toString("hex")}`,
        image: live.imageTag ?? "",
        containerPort: 8080,
        env: {},
        limits: { memory_mb: 32, cpus: null, pids: 64 },
        serviceId: service.id,
        deploymentId,
        bindHost: "127.0.0.1",
      });
    const stray = await start(ended.id);
    const foreign = await start(`not-ours-${randomBytes(4).toString("hex")}`);
    try {
      const outcome = await convergeRuntime({ failOrphaned: true });
      expect(outcome.removed).toBe(1);
      const left = (await findContainers(docker, { [LABELS.service]: service.id })).map((container) => container.Id);
      expect(left).not.toContain(stray.id);
      expect(left).toContain(foreign.id);
      expect(left).toContain(await liveContainer());
    } finally {
      await docker.getContainer(foreign.id).remove({ force: true });
    }
  });

  it("fails a deployment left under way with no workflow run to finish it", async () => {
    const stuck = await db.deployment.create({ data: { serviceId: service.id, trigger: "manual", status: "building", createdAt: new Date(Date.now() - 600_000) } });
    const outcome = await convergeRuntime({ failOrphaned: true });
    expect(outcome.failed).toEqual([stuck.id]);
    expect(await db.deployment.findUniqueOrThrow({ where: { id: stuck.id } })).toMatchObject({
      status: "failed",
      error: "Berth stopped while this deployment was under way, and its workflow run did not survive; deploy again",
    });
    await served();
  });
});
