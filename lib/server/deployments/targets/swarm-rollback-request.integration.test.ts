// Without BERTH_SWARM_PROBE Swarm cannot see that a task does not answer: it finishes the update, Berth's own
// health check fails, and Berth has Swarm roll the service back (`rollback=previous`). The history says so.
import { randomBytes } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { inngest } from "@/inngest/client";
import { functions } from "@/inngest/index";
import { db } from "@/lib/server/db";
import { requestDeployment } from "@/lib/server/deployments/request-deployment";
import { connectDocker } from "@/lib/server/runtime/docker";
import { findSwarmService, removeSwarmService, runningTasks, swarmServiceState } from "@/lib/server/runtime/swarm";
import { createService } from "@/lib/server/services/create-service";
import { createServiceSchema } from "@/lib/shared/validations/service";
import { settledDeployment } from "@/test/support/deployments";
import { useIsolatedDatabase } from "@/test/support/isolated-database";
import { createSampleRepo } from "@/test/support/sample-repo";
import { ensureSwarm } from "@/test/support/swarm";
import { createTestUser } from "@/test/support/users";
import { inProcessTransport, testExecutor } from "@/test/support/workflow";

const docker = connectDocker(undefined);
let dropDatabase: (() => Promise<void>) | undefined;
let repo: Awaited<ReturnType<typeof createSampleRepo>>;
let executor: ReturnType<typeof testExecutor>;
let user: Awaited<ReturnType<typeof createTestUser>>;
let service: { id: string };

beforeAll(async () => {
  await ensureSwarm(docker);
  dropDatabase = await useIsolatedDatabase({ BERTH_DRAIN_SECONDS: "1" });
  repo = await createSampleRepo();
  user = await createTestUser();
  service = await createService(
    user.id,
    createServiceSchema.parse({
      name: `swarm-ask-${randomBytes(4).toString("hex")}`,
      provider: "git",
      clone_url: repo.url,
      runtime: { container_port: 8080, health_check_path: "/healthz", health_check_timeout_s: 3, memory_limit_mb: 64 },
      target: { kind: "swarm", replicas: 1 },
    }),
  );
  executor = testExecutor(db, inProcessTransport(inngest, functions));
  await executor.start();
}, 120_000);

afterAll(async () => {
  await executor?.stop();
  if (service) await removeSwarmService(docker, service.id);
  await repo?.remove();
  await dropDatabase?.();
}, 60_000);

describe("a Swarm update only Berth can see failing", { timeout: 180_000 }, () => {
  it("is rolled back by Swarm at Berth's request, and the history says who decided", async () => {
    const v1 = await settledDeployment((await requestDeployment(user, service.id, { commit_sha: await repo.commit("healthy", "v1", "v1") })).id, 90_000);
    expect(v1.status).toBe("live");
    const v2 = await settledDeployment((await requestDeployment(user, service.id, { commit_sha: await repo.commit("unhealthy", "no health page", "v2") })).id, 120_000);
    expect(v2.status).toBe("rolled_back");
    expect(v2.error).toMatch(/^Health check failed: GET \/healthz gave 0\/1 new task\(s\) running|^Health check failed: GET \/healthz gave 1\/1 new task\(s\) running, 0 answering/);
    const log = (await db.deploymentLog.findMany({ where: { deploymentId: v2.id }, orderBy: { id: "asc" } })).map((line) => line.line).join("\n");
    expect(log).toContain("Asked Swarm to roll the service back to its previous version");
    expect(log).toMatch(/Rolled back: Health check failed.*Berth asked Swarm to roll the update back, and it did\./);
    const found = await findSwarmService(docker, service.id);
    const state = found && (await swarmServiceState(docker, found.id));
    expect(state?.update?.state).toBe("rollback_completed");
    expect(runningTasks(state ?? { update: undefined, replicas: 0, tasks: [] }).map((task) => task.deploymentId)).toEqual([v1.id]);
    const [task] = runningTasks(state ?? { update: undefined, replicas: 0, tasks: [] });
    expect((await (await fetch(`http://127.0.0.1:${task?.hostPort}/`)).text()).trim()).toBe("v1");
  });
});
