// A remote engine, as near as one machine gets: Berth talks to the engine over TCP with mutual TLS
// (DOCKER_TLS_VERIFY, DOCKER_CERT_PATH) and reaches the containers at the engine host's address
// (BERTH_ENGINE_ADDRESS, here the Docker bridge's gateway, not loopback) — the whole deploy workflow.
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { randomBytes } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { db } from "@/lib/server/db";
import { requestDeployment } from "@/lib/server/deployments/request-deployment";
import { findContainers, LABELS } from "@/lib/server/runtime/containers";
import { createService } from "@/lib/server/services/create-service";
import { createServiceSchema } from "@/lib/shared/validations/service";
import { settledDeployment } from "@/test/support/deployments";
import { makeEngineCertificates, startTlsEngine } from "@/test/support/engine-tls";
import { useIsolatedDatabase } from "@/test/support/isolated-database";
import { bridgeGateway } from "@/test/support/runner-image";
import { createSampleRepo } from "@/test/support/sample-repo";
import { createTestUser } from "@/test/support/users";
import { inProcessTransport, testExecutor } from "@/test/support/workflow";
import { inngest } from "@/inngest/client";
import { functions } from "@/inngest/index";
import { connectDocker } from "./docker";

let dir: string;
let certs: string;
let engine: Awaited<ReturnType<typeof startTlsEngine>>;
let gateway: string;
let dropDatabase: () => Promise<void>;
let executor: ReturnType<typeof testExecutor>;

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), "berth-engine-tls-"));
  certs = await makeEngineCertificates(dir);
  engine = await startTlsEngine(dir);
  gateway = await bridgeGateway(connectDocker(undefined));
  dropDatabase = await useIsolatedDatabase({ DOCKER_HOST: engine.dockerHost, DOCKER_TLS_VERIFY: "1", DOCKER_CERT_PATH: certs, BERTH_ENGINE_ADDRESS: gateway });
  executor = testExecutor(db, inProcessTransport(inngest, functions));
  await executor.start();
}, 60_000);

afterAll(async () => {
  await executor.stop();
  await dropDatabase();
  await engine.stop();
  await rm(dir, { recursive: true, force: true });
});

describe("a remote engine", () => {
  it("answers over TCP with mutual TLS, and refuses a client without the engine's CA's certificate", async () => {
    expect((await connectDocker({ DOCKER_HOST: engine.dockerHost, DOCKER_TLS_VERIFY: true, DOCKER_CERT_PATH: certs }, 5_000).version()).Version).toMatch(/\d/);
    const strangerDir = await mkdtemp(join(tmpdir(), "berth-engine-stranger-"));
    try {
      const stranger = await makeEngineCertificates(strangerDir);
      await expect(connectDocker({ DOCKER_HOST: engine.dockerHost, DOCKER_TLS_VERIFY: true, DOCKER_CERT_PATH: stranger }, 5_000).version()).rejects.toThrow();
    } finally {
      await rm(strangerDir, { recursive: true, force: true });
    }
    await expect(connectDocker(engine.dockerHost, 5_000).version()).rejects.toThrow();
  });

  it("builds, starts, health-checks and serves a deployment at the engine host's address", { timeout: 120_000 }, async () => {
    const repo = await createSampleRepo();
    const user = await createTestUser();
    const service = await createService(
      user.id,
      createServiceSchema.parse({ name: `remote-${randomBytes(3).toString("hex")}`, provider: "git", clone_url: repo.url, runtime: { container_port: 8080, health_check_path: "/healthz", health_check_timeout_s: 4 } }),
    );
    try {
      const sha = await repo.commit("healthy", "over tls", "remote engine");
      const deployment = await settledDeployment((await requestDeployment(user, service.id, { commit_sha: sha })).id, 90_000);
      expect(deployment.status).toBe("live");
      expect((await db.deploymentLog.findMany({ where: { deploymentId: deployment.id } })).map((line) => line.line).join("\n")).toMatch(/Healthy after/);
      const [container] = await findContainers(connectDocker(undefined), { [LABELS.service]: service.id });
      const inspected = await connectDocker(undefined).getContainer(container?.Id ?? "").inspect();
      // Published on every interface of the engine host, so Berth reaches it at that host's address.
      expect(inspected.NetworkSettings.Ports["8080/tcp"]?.map((binding) => binding.HostIp)).toContain("0.0.0.0");
      const port = new URL(deployment.url ?? "").port;
      expect((await (await fetch(`http://${gateway}:${port}/`)).text()).trim()).toBe("remote engine");
    } finally {
      for (const container of await findContainers(connectDocker(undefined), { [LABELS.service]: service.id })) await connectDocker(undefined).getContainer(container.Id).remove({ force: true });
      await repo.remove();
    }
  });
});
