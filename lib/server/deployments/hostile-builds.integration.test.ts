// Repositories that attack the host through the build, deployed by the real workflow on the real engine.
// The workflow runs in this process (in-process transport), so Berth's own memory is this process's.
import { randomBytes } from "node:crypto";
import { mkdtemp, rm, symlink, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { inngest } from "@/inngest/client";
import { functions } from "@/inngest";
import { db } from "@/lib/server/db";
import { findContainers, LABELS } from "@/lib/server/runtime/containers";
import { connectDocker } from "@/lib/server/runtime/docker";
import { createService } from "@/lib/server/services/create-service";
import { createServiceSchema } from "@/lib/shared/validations/service";
import { useIsolatedDatabase } from "@/test/support/isolated-database";
import { settledDeployment } from "@/test/support/deployments";
import { createSampleRepo } from "@/test/support/sample-repo";
import { createTestUser } from "@/test/support/users";
import { waitFor } from "@/test/support/wait-for";
import { inProcessTransport, testExecutor } from "@/test/support/workflow";
import { BUILD_OUTPUT_LIMIT } from "./deployment-log";
import { requestDeployment } from "./request-deployment";

const docker = connectDocker(undefined);
const MB = 1024 * 1024;
// Peak growth of this process's RSS while a deployment runs. The workflow itself (executor, engine
// client, GC timing) accounts for 20–55 MB; unbounded buffering of the output took 360–900 MB.
const MEMORY_BOUND_MB = 128;

let dropDatabase: (() => Promise<void>) | undefined;
let executor: ReturnType<typeof testExecutor>;
let repo: Awaited<ReturnType<typeof createSampleRepo>>;
let user: Awaited<ReturnType<typeof createTestUser>>;
let hostDir: string;
const services: string[] = [];

beforeAll(async () => {
  dropDatabase = await useIsolatedDatabase();
  hostDir = await mkdtemp(join(tmpdir(), "berth-host-secrets-"));
  await writeFile(join(hostDir, "Dockerfile"), "FROM host-secret-marker\n");
  await writeFile(join(hostDir, "secret.txt"), "host-secret-marker\n");
  repo = await createSampleRepo();
  user = await createTestUser();
  executor = testExecutor(db, inProcessTransport(inngest, functions));
  await executor.start();
}, 60_000);

afterAll(async () => {
  await executor?.stop();
  for (const serviceId of services) {
    for (const container of await findContainers(docker, { [LABELS.service]: serviceId })) await docker.getContainer(container.Id).remove({ force: true });
  }
  await repo?.remove();
  await rm(hostDir, { recursive: true, force: true });
  await dropDatabase?.();
}, 60_000);

async function deployCommit(sha: string, build: Record<string, unknown> = {}) {
  const service = await createService(
    user.id,
    createServiceSchema.parse({
      name: `hostile-${randomBytes(4).toString("hex")}`,
      provider: "git",
      clone_url: repo.url,
      build,
      runtime: { container_port: 8080, health_check_path: "/healthz", health_check_timeout_s: 10 },
    }),
  );
  services.push(service.id);
  return (await requestDeployment(user, service.id, { commit_sha: sha })).id;
}

const settled = (id: string) => settledDeployment(id, 120_000);

async function log(id: string) {
  return db.deploymentLog.findMany({ where: { deploymentId: id }, orderBy: { id: "asc" } });
}

// The highest resident set size of this process while run() runs, above what it was before.
async function peakGrowth<T>(run: () => Promise<T>): Promise<{ result: T; growthMb: number }> {
  const before = process.memoryUsage().rss;
  let peak = before;
  const sampler = setInterval(() => (peak = Math.max(peak, process.memoryUsage().rss)), 50);
  try {
    const result = await run();
    return { result, growthMb: (peak - before) / MB };
  } finally {
    clearInterval(sampler);
  }
}

describe("a repository that reaches for the host through the build", { timeout: 180_000 }, () => {
  it("cannot build the host's files through a symlinked context: the build fails naming context_dir", async () => {
    const sha = await repo.commitWith("healthy", "context through a symlink", async (dir) => {
      await symlink("/", join(dir, "c"));
      await writeFile(join(hostDir, "Dockerfile.ctx"), "FROM scratch\nCOPY secret.txt /www/index.html\n");
    });
    const deployment = await settled(await deployCommit(sha, { context_dir: `c${hostDir}`, dockerfile_path: `c${hostDir}/Dockerfile.ctx` }));
    expect(deployment.status).toBe("failed");
    expect(deployment.error).toMatch(/^context_dir \(c\/.*\) leads outside the repository/);
    expect(deployment.imageTag).toBeNull();
    expect((await log(deployment.id)).map((line) => line.line).join("\n")).not.toContain("host-secret-marker");
  });

  it("cannot hand the engine a host file as its Dockerfile: the build fails naming dockerfile_path, echoing nothing of the file", async () => {
    const sha = await repo.commitWith("healthy", "Dockerfile as a symlink", async (dir) => {
      await rm(join(dir, "Dockerfile"));
      await symlink(join(hostDir, "Dockerfile"), join(dir, "Dockerfile"));
    });
    const deployment = await settled(await deployCommit(sha));
    expect(deployment.status).toBe("failed");
    expect(deployment.error).toMatch(/^dockerfile_path \(Dockerfile\) leads outside the repository/);
    const notification = await waitFor(() => db.notification.findFirst({ where: { deploymentId: deployment.id, type: "build_failed" } }), 10_000, "build_failed");
    for (const text of [deployment.error ?? "", notification.message, (await log(deployment.id)).map((line) => line.line).join("\n")]) {
      expect(text).not.toContain("host-secret-marker");
      expect(text).not.toContain(hostDir);
    }
  });
});

describe("a build step killed while the engine stays up", { timeout: 120_000 }, () => {
  it("is the commit's failure, not an engine restart: one build, the deployment fails with the step's exit code", async () => {
    const sha = await repo.commitWith("healthy", "a step that kills itself", async (dir) => {
      await writeFile(
        join(dir, "Dockerfile"),
        // A child that SIGKILLs itself (PID 1 of the step could not), its status the step's.
        ["FROM scratch", "COPY busybox /bin/busybox", 'RUN ["/bin/busybox", "sh", "-c", "/bin/busybox sh -c \'/bin/busybox kill -9 $$\'; exit $?"]', ""].join("\n"),
      );
    });
    const deployment = await settled(await deployCommit(sha));
    expect(deployment.status).toBe("failed");
    expect(deployment.error).toMatch(/returned a non-zero code: 137$/);
    const lines = (await log(deployment.id)).map((line) => line.line);
    expect(lines.filter((line) => line.startsWith("Step 1/"))).toHaveLength(1);
    expect(lines.join("\n")).not.toContain("will retry");
  });
});

describe("a build that prints without end", { timeout: 240_000 }, () => {
  it("50 MB on one line: Berth's memory stays bounded, the line is cut, the deployment ends", async () => {
    const sha = await repo.commitWith("healthy", "one enormous line", async (dir) => {
      await writeFile(
        join(dir, "Dockerfile"),
        [
          "FROM scratch",
          "COPY busybox /bin/busybox",
          'RUN ["/bin/busybox", "--install", "-s", "/bin"]',
          // The comment keeps the engine from answering with a cached layer that prints nothing.
          `RUN head -c ${50 * MB} /dev/zero | tr '\\0' x # ${randomBytes(8).toString("hex")}`,
          "COPY www /www",
          'CMD ["httpd", "-f", "-p", "8080", "-h", "/www"]',
        ].join("\n"),
      );
    });
    const { result: deployment, growthMb } = await peakGrowth(async () => settled(await deployCommit(sha)));
    expect(deployment.status).toBe("live");
    expect(growthMb).toBeLessThan(MEMORY_BOUND_MB);
    const lines = await log(deployment.id);
    const cut = lines.find((line) => line.line.endsWith("… [line cut]"));
    expect(cut?.line.length).toBeLessThanOrEqual(8 * 1024 + "… [line cut]".length);
    expect(lines.reduce((bytes, line) => bytes + line.line.length, 0)).toBeLessThan(MB);
  });

  it("`RUN yes` until the build timeout: the log is capped with a visible line, memory stays bounded, the deployment fails", async () => {
    const sha = await repo.commitWith("healthy", "yes forever", async (dir) => {
      await writeFile(join(dir, "Dockerfile"), 'FROM scratch\nCOPY busybox /bin/busybox\nRUN ["/bin/busybox", "yes"]\n');
    });
    const { result: deployment, growthMb } = await peakGrowth(async () => settled(await deployCommit(sha, { build_timeout_s: 20 })));
    expect(deployment.status).toBe("failed");
    expect(deployment.error).toBe("The build took longer than its limit of 20 s (build_timeout_s) and was stopped");
    expect(growthMb).toBeLessThan(MEMORY_BOUND_MB);
    const lines = await log(deployment.id);
    expect(lines.length).toBeLessThanOrEqual(BUILD_OUTPUT_LIMIT.lines + 10);
    expect(lines.filter((line) => line.line === "y").length).toBeGreaterThan(BUILD_OUTPUT_LIMIT.lines - 20);
    expect(lines.some((line) => line.line.startsWith("Log truncated: this deployment's log reached its limit"))).toBe(true);
    expect(lines.at(-1)?.line).toBe(deployment.error);
  });
});

describe("a running app", { timeout: 120_000 }, () => {
  it("gets the instance's default memory and process limits when its service sets none", async () => {
    const deployment = await settled(await deployCommit(await repo.commit("healthy", "limits")));
    expect(deployment.status).toBe("live");
    const details = await docker.getContainer(deployment.containerId ?? "").inspect();
    expect(details.HostConfig.Memory).toBe(1024 * MB);
    expect(details.HostConfig.MemorySwap).toBe(1024 * MB);
    expect(details.HostConfig.PidsLimit).toBe(512);
  });
});
