// An engine reached over ssh:// (DOCKER_SSH_KEY, DOCKER_SSH_HOST_KEY): through a real sshd on loopback, Berth runs
// `docker system dial-stdio` on the "remote" host and the whole deploy workflow, the build's upload included,
// goes through it. A host presenting another key is refused before anything is sent.
import { randomBytes } from "node:crypto";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { inngest } from "@/inngest/client";
import { functions } from "@/inngest/index";
import { db } from "@/lib/server/db";
import { requestDeployment } from "@/lib/server/deployments/request-deployment";
import { findContainers, LABELS } from "@/lib/server/runtime/containers";
import { createService } from "@/lib/server/services/create-service";
import { createServiceSchema } from "@/lib/shared/validations/service";
import { settledDeployment } from "@/test/support/deployments";
import { useIsolatedDatabase } from "@/test/support/isolated-database";
import { createSampleRepo } from "@/test/support/sample-repo";
import { generateKey, startSshd } from "@/test/support/sshd";
import { createTestUser } from "@/test/support/users";
import { inProcessTransport, testExecutor } from "@/test/support/workflow";
import { connectDocker } from "./docker";

let dir: string;
let sshd: Awaited<ReturnType<typeof startSshd>>;
let keyPath: string;
let dropDatabase: () => Promise<void>;
let executor: ReturnType<typeof testExecutor>;

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), "berth-engine-ssh-"));
  keyPath = join(dir, "id_ed25519");
  const { publicKey } = await generateKey(keyPath);
  sshd = await startSshd([publicKey]);
  dropDatabase = await useIsolatedDatabase({ DOCKER_HOST: sshd.dockerHost, DOCKER_SSH_KEY: keyPath, DOCKER_SSH_HOST_KEY: sshd.hostKey });
  executor = testExecutor(db, inProcessTransport(inngest, functions));
  await executor.start();
}, 60_000);

afterAll(async () => {
  await executor?.stop();
  await dropDatabase?.();
  await sshd?.stop();
  await rm(dir, { recursive: true, force: true });
});

describe("an engine over ssh", () => {
  it("answers through the host whose key is configured, and refuses a host presenting another", async () => {
    const engine = connectDocker({ DOCKER_HOST: sshd.dockerHost, DOCKER_SSH_KEY: keyPath, DOCKER_SSH_HOST_KEY: sshd.hostKey }, 10_000);
    expect((await engine.version()).Version).toBe((await connectDocker(undefined).version()).Version);
    const { publicKey: stranger } = await generateKey(join(dir, "stranger"));
    const impostor = connectDocker({ DOCKER_HOST: sshd.dockerHost, DOCKER_SSH_KEY: keyPath, DOCKER_SSH_HOST_KEY: stranger }, 10_000);
    await expect(impostor.version()).rejects.toThrow(/host/i);
    expect(() => connectDocker({ DOCKER_HOST: sshd.dockerHost })).toThrow("An ssh:// DOCKER_HOST needs DOCKER_SSH_KEY and DOCKER_SSH_HOST_KEY");
  });

  it("builds, starts and health-checks a deployment through it", { timeout: 120_000 }, async () => {
    const repo = await createSampleRepo();
    const user = await createTestUser();
    const service = await createService(
      user.id,
      createServiceSchema.parse({ name: `ssh-${randomBytes(3).toString("hex")}`, provider: "git", clone_url: repo.url, runtime: { container_port: 8080, health_check_path: "/healthz", health_check_timeout_s: 8 } }),
    );
    try {
      const sha = await repo.commit("healthy", "over ssh", "ssh engine");
      const deployment = await settledDeployment((await requestDeployment(user, service.id, { commit_sha: sha })).id, 90_000);
      expect(deployment.status).toBe("live");
      const log = (await db.deploymentLog.findMany({ where: { deploymentId: deployment.id }, orderBy: { id: "asc" } })).map((line) => line.line).join("\n");
      expect(log).toMatch(/Built berth\/ssh-[0-9a-f]+:[0-9a-f]{12}[\s\S]*Healthy after/);
      expect((await (await fetch(deployment.url ?? "")).text()).trim()).toBe("ssh engine");
    } finally {
      for (const container of await findContainers(connectDocker(undefined), { [LABELS.service]: service.id })) await connectDocker(undefined).getContainer(container.Id).remove({ force: true });
      await repo.remove();
    }
  });
});
