// A push whose delivery never came (the emulated provider "drops" it: the commit is simply not announced) is
// found by comparing the branch at the remote with what was deployed, after the grace period, and deployed once,
// even when two instances look at the same moment.
import { randomBytes } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { inngest } from "@/inngest/client";
import { functions } from "@/inngest/index";
import { db } from "@/lib/server/db";
import { requestDeployment } from "@/lib/server/deployments/request-deployment";
import { findContainers, LABELS } from "@/lib/server/runtime/containers";
import { connectDocker } from "@/lib/server/runtime/docker";
import { createService } from "@/lib/server/services/create-service";
import { createServiceSchema } from "@/lib/shared/validations/service";
import { settledDeployment } from "@/test/support/deployments";
import { useIsolatedDatabase } from "@/test/support/isolated-database";
import { createSampleRepo } from "@/test/support/sample-repo";
import { createTestUser } from "@/test/support/users";
import { inProcessTransport, testExecutor } from "@/test/support/workflow";
import { reconcilePushes } from "./reconcile-pushes";

const GRACE_MS = 60_000;
let dropDatabase: (() => Promise<void>) | undefined;
let repo: Awaited<ReturnType<typeof createSampleRepo>>;
let executor: ReturnType<typeof testExecutor>;
let service: { id: string; name: string };

beforeAll(async () => {
  dropDatabase = await useIsolatedDatabase();
  repo = await createSampleRepo();
  const user = await createTestUser();
  service = await createService(
    user.id,
    createServiceSchema.parse({ name: `missed-${randomBytes(4).toString("hex")}`, provider: "git", clone_url: repo.url, runtime: { container_port: 8080, health_check_path: "/healthz", health_check_timeout_s: 8 } }),
  );
  await db.repositoryConnection.create({ data: { serviceId: service.id, ownerId: user.id, provider: "git", repositoryFullName: "local/missed", events: ["push"], webhookStatus: "active" } });
  executor = testExecutor(db, inProcessTransport(inngest, functions));
  await executor.start();
  expect(await settledDeployment((await requestDeployment(user, service.id, { commit_sha: await repo.commit("healthy", "v1", "v1") })).id, 90_000)).toMatchObject({ status: "live" });
}, 150_000);

afterAll(async () => {
  await executor?.stop();
  const docker = connectDocker(undefined);
  for (const container of await findContainers(docker, { [LABELS.service]: service.id })) await docker.getContainer(container.Id).remove({ force: true });
  await repo?.remove();
  await dropDatabase?.();
}, 60_000);

const reconciled = () => db.deployment.findMany({ where: { serviceId: service.id, trigger: "reconciled" } });

describe("missed pushes", { timeout: 120_000 }, () => {
  it("changes nothing while the branch is where Berth deployed it", async () => {
    expect(await reconcilePushes({ graceMs: 0 })).toMatchObject({ checked: 1, queued: [], problems: [] });
  });

  it("deploys a push nobody announced once the grace period has passed, once, and says which", async () => {
    const sha = await repo.commit("healthy", "never delivered", "v2");
    const start = Date.now();
    // Within the grace period the delivery may still be on its way.
    expect((await reconcilePushes({ graceMs: GRACE_MS, now: start })).queued).toEqual([]);
    expect((await reconcilePushes({ graceMs: GRACE_MS, now: start + GRACE_MS / 2 })).queued).toEqual([]);
    const outcome = await reconcilePushes({ graceMs: GRACE_MS, now: start + GRACE_MS + 1 });
    expect(outcome.queued).toEqual([{ service: service.name, sha, deploymentId: expect.any(String) }]);
    expect((await reconcilePushes({ graceMs: 0 })).queued).toEqual([]);
    const deployment = await settledDeployment(outcome.queued[0]?.deploymentId ?? "", 90_000);
    expect(deployment).toMatchObject({ status: "live", trigger: "reconciled", commitSha: sha, ref: "refs/heads/main" });
    expect(await db.notification.findFirst({ where: { deploymentId: deployment.id, type: "push_reconciled" } })).toMatchObject({
      severity: "warning",
      message: `The Git server did not deliver the push of ${sha.slice(0, 7)} to main; deploying it now`,
    });
  });

  it("queues a missed push once when two instances look at the same moment", async () => {
    const sha = await repo.commit("healthy", "also never delivered", "v3");
    const outcomes = await Promise.all([reconcilePushes({ graceMs: 0 }), reconcilePushes({ graceMs: 0 })]);
    expect(outcomes.flatMap((outcome) => outcome.queued).map((queued) => queued.sha)).toEqual([sha]);
    expect((await reconciled()).filter((deployment) => deployment.commitSha === sha)).toHaveLength(1);
    await settledDeployment((await reconciled()).find((deployment) => deployment.commitSha === sha)?.id ?? "", 90_000);
  });

  it("leaves a disabled connection alone, and names a remote it cannot read", async () => {
    await repo.commit("healthy", "while disabled", "v4");
    await db.repositoryConnection.update({ where: { serviceId: service.id }, data: { isEnabled: false } });
    expect(await reconcilePushes({ graceMs: 0 })).toMatchObject({ checked: 0, queued: [] });
    await db.repositoryConnection.update({ where: { serviceId: service.id }, data: { isEnabled: true } });
    await db.service.update({ where: { id: service.id }, data: { cloneUrl: `${repo.url}-gone` } });
    const outcome = await reconcilePushes({ graceMs: 0 });
    expect(outcome.queued).toEqual([]);
    expect(outcome.problems).toEqual([expect.stringMatching(new RegExp(`^${service.name}: fatal: '.*-gone' does not appear to be a git repository`))]);
  });
});
