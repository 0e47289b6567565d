// With the Docker engine down, a deployment waits for it through the workflow's retries (a restart of dockerd is
// not the commit's fault), then fails with the engine's address, and nothing else changes; a rollback is refused at
// once with the same reason.
import { randomBytes } from "node:crypto";
import { afterAll, beforeAll, expect, it } from "vitest";
import { inngest } from "@/inngest/client";
import { functions } from "@/inngest";
import { db } from "@/lib/server/db";
import { toResponse } from "@/lib/server/http/errors";
import { createService } from "@/lib/server/services/create-service";
import { createServiceSchema } from "@/lib/shared/validations/service";
import { useIsolatedDatabase } from "@/test/support/isolated-database";
import { createTestUser } from "@/test/support/users";
import { inProcessTransport, testExecutor } from "@/test/support/workflow";
import { waitFor } from "@/test/support/wait-for";
import { requestDeployment } from "./request-deployment";
import { requestRollback } from "./request-rollback";

const NO_ENGINE = "unix:///tmp/berth-no-such-docker.sock";
let dropDatabase: () => Promise<void>;
let executor: ReturnType<typeof testExecutor>;

beforeAll(async () => {
  dropDatabase = await useIsolatedDatabase({ DOCKER_HOST: NO_ENGINE });
  executor = testExecutor(db, inProcessTransport(inngest, functions));
  await executor.start();
});

afterAll(async () => {
  await executor.stop();
  await dropDatabase();
});

it("tries the build on each of the workflow's attempts, then fails the deployment with 'Docker engine not reachable at …' and notifies", async () => {
  const user = await createTestUser();
  const service = await createService(
    user.id,
    createServiceSchema.parse({ name: `down-${randomBytes(3).toString("hex")}`, provider: "git", clone_url: "file:///srv/repo.git" }),
  );
  const { id } = await requestDeployment(user, service.id, {});
  const deployment = await waitFor(
    async () => {
      const row = await db.deployment.findUnique({ where: { id } });
      return row?.status === "failed" ? row : null;
    },
    20_000,
    "the deployment to fail",
  );
  expect(deployment.error).toMatch(/^Docker engine not reachable at unix:\/\/\/tmp\/berth-no-such-docker\.sock/);
  const retries = await db.deploymentLog.count({ where: { deploymentId: id, line: { endsWith: "building again once it answers (will retry)" } } });
  expect(retries).toBe(2);
  const notification = await waitFor(() => db.notification.findFirst({ where: { deploymentId: id, type: "build_failed" } }), 10_000, "the notification");
  expect(notification).toMatchObject({ severity: "error", userId: user.id });
  // Nothing was ever live: the service itself has failed.
  expect((await db.service.findUniqueOrThrow({ where: { id: service.id } })).status).toBe("failed");
});

it("refuses a rollback with 'Docker engine not reachable at …', not a missing image", async () => {
  const user = await createTestUser();
  const service = await createService(
    user.id,
    createServiceSchema.parse({ name: `back-${randomBytes(3).toString("hex")}`, provider: "git", clone_url: "file:///srv/repo.git" }),
  );
  const earlier = await db.deployment.create({
    data: { serviceId: service.id, trigger: "manual", status: "superseded", commitSha: "a".repeat(40), imageTag: `berth/${service.slug}:aaaaaaaaaaaa` },
  });
  const answer = toResponse(await requestRollback(user, earlier.id).catch((error: unknown) => error));
  expect(answer.status).toBe(502);
  expect((await answer.json()).detail).toMatch(/^Docker engine not reachable at unix:\/\/\/tmp\/berth-no-such-docker\.sock/);
  expect(await db.deployment.count({ where: { serviceId: service.id } })).toBe(1);
});
