// Ephemeral GitHub Actions runners end to end against the real engine: the emulated GitHub queues jobs and
// sends their workflow_job deliveries to Berth's receiver; Berth's functions, run by the embedded executor,
// start runner containers from the stand-in runner image (test/fixtures/runner), which register with the
// emulator, take their job and finish it; Berth removes each container when GitHub says the job completed.
import { spawn, type ChildProcess } from "node:child_process";
import { randomUUID } from "node:crypto";
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import type Docker from "dockerode";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { functions } from "@/inngest";
import { inngest } from "@/inngest/client";
import { connectRepository } from "@/lib/server/connections/connect-repository";
import { db } from "@/lib/server/db";
import { findContainers } from "@/lib/server/runtime/containers";
import { reachableEngine } from "@/lib/server/runtime/docker";
import { RUNNER_LABELS } from "@/lib/server/runtime/runners";
import { connectRepositorySchema } from "@/lib/shared/validations/connection";
import { runnerPoolSchema } from "@/lib/shared/validations/runners";
import { emulatorUrls, startProviderEmulator, type ProviderEmulator } from "@/test/emulator/provider-emulator";
import { useIsolatedDatabase } from "@/test/support/isolated-database";
import { bridgeGateway, buildRunnerImage } from "@/test/support/runner-image";
import { createLinkedUser, createTestUser } from "@/test/support/users";
import { waitFor } from "@/test/support/wait-for";
import { deliver, deliverByRepository } from "@/test/support/webhooks";
import { inProcessTransport, testExecutor } from "@/test/support/workflow";
import { createPool, poolStatus } from "./pools";

let emulator: ProviderEmulator;
let docker: Docker;
let image: string;
let front: Server;
let frontUrl: string;
let runnerListener: { stop(): Promise<void> };
let dropDatabase: () => Promise<void>;
let executor: ReturnType<typeof testExecutor> | null = null;
const admin = { id: "", role: "admin" as const };

beforeAll(async () => {
  emulator = await startProviderEmulator();
  dropDatabase = await useIsolatedDatabase(emulatorUrls(emulator.url));
  docker = await reachableEngine();
  image = await buildRunnerImage(docker);
  runnerListener = await emulator.actions.listenForRunners(await bridgeGateway(docker));
  // The emulator's deliveries reach the receiver through a small HTTP front, as they would reach Berth.
  front = createServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on("data", (chunk: Buffer) => chunks.push(chunk));
    request.on("end", () => {
      const [, provider = "", serviceId] = /^\/api\/webhooks\/(\w+)(?:\/([^/?]+))?/.exec(request.url ?? "") ?? [];
      const headers = Object.fromEntries(Object.entries(request.headers).filter((entry): entry is [string, string] => typeof entry[1] === "string"));
      const delivery = { body: Buffer.concat(chunks), headers };
      (serviceId ? deliver(provider, serviceId, delivery) : deliverByRepository(provider, delivery)).then(
        (answer) => response.writeHead(answer.status, { "content-type": "application/json" }).end(JSON.stringify(answer.body)),
        (error: unknown) => response.writeHead(500).end(String(error)),
      );
    });
  });
  await new Promise<void>((resolve) => front.listen(0, "127.0.0.1", resolve));
  frontUrl = `http://127.0.0.1:${(front.address() as AddressInfo).port}`;
  admin.id = (await createTestUser()).id;
}, 120_000);

afterAll(async () => {
  await executor?.stop();
  const left = await docker.listContainers({ all: true, filters: { label: [RUNNER_LABELS.pool] } }).catch(() => []);
  for (const container of left) await docker.getContainer(container.Id).remove({ force: true });
  await runnerListener.stop();
  front.closeAllConnections();
  await new Promise((resolve) => front.close(resolve));
  await emulator.stop();
  await dropDatabase();
});

async function startExecutor() {
  executor = testExecutor(db, inProcessTransport(inngest, functions));
  await executor.start();
}

beforeEach(async () => {
  await executor?.stop();
  executor = null;
  emulator.actions.behaviour.register = true;
  emulator.actions.behaviour.jobSeconds = 2;
});

// A GitHub user with a linked account connects a repository to watch its CI (runners need no service); its
// hook points at the front.
async function connectedRepository() {
  const user = await createLinkedUser(emulator, "github");
  const repository = `acme/runners-${randomUUID().slice(0, 8)}`;
  await emulator.createRepository("github", repository);
  await connectRepository(user.id, connectRepositorySchema.parse({ provider: "github", repository_full_name: repository, mode: "ci" }));
  const [hook] = emulator.hooks("github", repository);
  if (!hook) throw new Error("no hook");
  hook.url = `${frontUrl}/api/webhooks/github`;
  return { user, repository };
}

async function pool(input: Record<string, unknown>) {
  return createPool(admin, runnerPoolSchema.parse({ name: `pool-${randomUUID().slice(0, 6)}`, image, ...input }));
}

const jobsOf = (repository: string) => db.runnerJob.findMany({ where: { repository }, orderBy: { queuedAt: "asc" } });
const runnerContainers = (poolId: string) => findContainers(docker, { [RUNNER_LABELS.pool]: poolId });

async function settled(repository: string, count: number) {
  return waitFor(
    async () => {
      const jobs = await jobsOf(repository);
      return jobs.length === count && jobs.every((job) => ["completed", "cancelled", "unmatched", "failed"].includes(job.status)) ? jobs : null;
    },
    90_000,
    `${count} jobs of ${repository} to end`,
  );
}

describe("ephemeral GitHub Actions runners", () => {
  it("runs 5 queued jobs on a pool of 2 at most 2 at a time, the waiting ones in priority order, each runner removed when its job completed", async () => {
    const { repository } = await connectedRepository();
    const linux = await pool({ labels: ["linux", "production", "large"], max_runners: 2, idle_ttl_s: 60 });
    const names = ["plain-1", "large-1", "production", "plain-2", "large-2"];
    const labels: Record<string, string[]> = { production: ["production"], "large-1": ["large"], "large-2": ["large"] };
    // All five are queued before the executor runs, so every claim sees the whole queue.
    for (const name of names) await emulator.actions.queueJob(repository, { name, labels: ["self-hosted", "linux", ...(labels[name] ?? [])] });
    expect((await jobsOf(repository)).map((job) => [job.name, job.status, job.priority])).toEqual([
      ["plain-1", "pending", 0],
      ["large-1", "pending", -10],
      ["production", "pending", 100],
      ["plain-2", "pending", 0],
      ["large-2", "pending", -10],
    ]);

    let most = 0;
    let watching = true;
    const watcher = (async () => {
      while (watching) {
        // Running ones: a runner that has finished its job frees its slot while its exited container is still being removed.
        most = Math.max(most, (await runnerContainers(linux.id)).filter((container) => container.State === "running").length);
        await new Promise((resolve) => setTimeout(resolve, 100));
      }
    })();
    await startExecutor();
    const jobs = await settled(repository, 5);
    watching = false;
    await watcher;

    expect(most).toBe(2);
    expect(jobs.map((job) => [job.status, job.conclusion, job.runnerName?.startsWith(`berth-${linux.name}-`)])).toEqual(jobs.map(() => ["completed", "success", true]));
    // Waiting jobs take their pool's slots in priority order, then queue order (GitHub then gives each runner
    // the oldest job it fits, so a job may run on a runner started for another: those never needed a slot).
    const claimed = jobs.filter((job) => job.claimedAt).sort((a, b) => (a.claimedAt?.getTime() ?? 0) - (b.claimedAt?.getTime() ?? 0));
    expect(claimed[0]?.name).toBe("production");
    const order = (job: (typeof jobs)[number]) => [-job.priority, job.queuedAt.getTime()] as const;
    expect(claimed.map((job) => job.name)).toEqual([...claimed].sort((a, b) => order(a)[0] - order(b)[0] || order(a)[1] - order(b)[1]).map((job) => job.name));
    expect(claimed.length).toBeGreaterThanOrEqual(2);
    await waitFor(async () => (await runnerContainers(linux.id)).length === 0, 30_000, "every runner container removed");
    expect(emulator.actions.jobs().filter((job) => job.fullName === repository).every((job) => job.status === "completed")).toBe(true);
    expect(await poolStatus(admin, linux.id)).toMatchObject({ busy: 0, idle: 0, queued: 0 });
  }, 120_000);

  it("starts no runner for a job cancelled before its turn, and records a job whose labels fit no pool", async () => {
    const { repository } = await connectedRepository();
    const single = await pool({ labels: ["arm64"], max_runners: 1 });
    emulator.actions.behaviour.jobSeconds = 4;
    await startExecutor();
    await emulator.actions.queueJob(repository, { name: "first", labels: ["self-hosted", "arm64"] });
    const second = await emulator.actions.queueJob(repository, { name: "second", labels: ["self-hosted", "arm64"] });
    await emulator.actions.queueJob(repository, { name: "gpu", labels: ["self-hosted", "gpu"] });
    await waitFor(async () => (await jobsOf(repository)).find((job) => job.name === "first" && job.status === "running"), 30_000, "the first job to run");
    await emulator.actions.cancelJob(second.id);

    const jobs = await settled(repository, 3);
    expect(jobs.find((job) => job.name === "first")).toMatchObject({ status: "completed", conclusion: "success" });
    expect(jobs.find((job) => job.name === "second")).toMatchObject({ status: "cancelled", containerId: null, reason: "Ended (cancelled) before a runner was started for it" });
    expect(jobs.find((job) => job.name === "gpu")).toMatchObject({ status: "unmatched", poolId: null, reason: `No runner pool for labels self-hosted, gpu on ${repository}` });
    expect(emulator.actions.runners().filter((runner) => runner.labels.includes("arm64"))).toHaveLength(1);
    await waitFor(async () => (await runnerContainers(single.id)).length === 0, 30_000, "the runner removed");
  }, 120_000);

  it("sweeps a runner that never registers once the pool's idle TTL passed, and gives the job still queued another", async () => {
    const { repository } = await connectedRepository();
    const quiet = await pool({ labels: ["quiet"], max_runners: 1, idle_ttl_s: 10 });
    emulator.actions.behaviour.register = false;
    await startExecutor();
    await emulator.actions.queueJob(repository, { name: "taken-by-the-second", labels: ["self-hosted", "quiet"] });
    const [first] = await waitFor(async () => {
      const containers = await runnerContainers(quiet.id);
      return containers.length === 1 ? containers : null;
    }, 30_000, "the first runner container to start");
    // The next runner registers; the first one, already configured not to, is swept at its TTL.
    emulator.actions.behaviour.register = true;
    const [job] = await settled(repository, 1);
    expect(job).toMatchObject({ status: "completed", conclusion: "success" });
    expect(job?.runnerName).not.toBe(first?.Names[0]?.replace(/^\//, ""));
    await waitFor(async () => (await runnerContainers(quiet.id)).length === 0, 30_000, "the second runner removed");
  }, 120_000);

  it("fails a job after three runners in turn never took it", async () => {
    const { repository } = await connectedRepository();
    const quiet = await pool({ labels: ["silent"], max_runners: 1, idle_ttl_s: 10 });
    emulator.actions.behaviour.register = false;
    await startExecutor();
    await emulator.actions.queueJob(repository, { name: "never-taken", labels: ["self-hosted", "silent"] });
    const [job] = await settled(repository, 1);
    expect(job).toMatchObject({ status: "failed", reason: "3 runners in turn did not take the job within 10 s each; the last was removed" });
    expect(emulator.actions.runners().filter((runner) => runner.name.includes(`-${job?.jobId ?? ""}-`))).toHaveLength(3);
    expect(await runnerContainers(quiet.id)).toEqual([]);
  }, 150_000);

  it("gives jobs still waiting their runners after the process running the executor was killed with SIGKILL", async () => {
    const { repository } = await connectedRepository();
    const slow = await pool({ labels: ["slow"], max_runners: 1, idle_ttl_s: 60 });
    emulator.actions.behaviour.jobSeconds = 4;
    const child: ChildProcess = spawn(process.execPath, ["--conditions=react-server", "--import", "tsx", "test/support/executor-process.ts"], {
      env: { ...process.env, LOG_LEVEL: "silent" },
      stdio: ["ignore", "pipe", "inherit"],
    });
    try {
      for (const name of ["a", "b", "c"]) await emulator.actions.queueJob(repository, { name, labels: ["self-hosted", "slow"] });
      await waitFor(async () => (await jobsOf(repository)).some((job) => job.status === "running"), 60_000, "a job to run in the child process");
      child.kill("SIGKILL");
      expect((await jobsOf(repository)).filter((job) => job.status === "pending").length).toBeGreaterThan(0);
      await startExecutor();
      const jobs = await settled(repository, 3);
      expect(jobs.map((job) => job.status)).toEqual(["completed", "completed", "completed"]);
      await waitFor(async () => (await runnerContainers(slow.id)).length === 0, 30_000, "every runner removed");
    } finally {
      child.kill("SIGKILL");
    }
  }, 150_000);
});
