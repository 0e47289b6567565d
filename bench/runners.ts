// npm run bench:runners — from a queued workflow_job delivery to its runner container started, for 20 jobs,
// on the production server (scripts/serve.mjs) with embedded PostgreSQL, the embedded executor and the real
// Docker engine. The emulated GitHub queues the jobs and answers the jobs and JIT-config APIs; the runners
// are the stand-in image (test/fixtures/runner), which registers, runs each job for 2 s and reports it done.
import { randomUUID } from "node:crypto";
import { cpus } from "node:os";
import { sealedFields } from "@/lib/server/crypto/sealed-fields";
import { connectDocker } from "@/lib/server/runtime/docker";
import { emulatorUrls, startProviderEmulator } from "@/test/emulator/provider-emulator";
import { bridgeGateway, buildRunnerImage } from "@/test/support/runner-image";
import { waitFor } from "@/test/support/wait-for";
import { prepareBenchInstance, startBenchServer } from "./support";

const PORT = 3193;
const JOBS = 20;
const POOL_SIZE = 20;
const REPOSITORY = "acme/bench-runners";

const docker = connectDocker(process.env.DOCKER_HOST);
const image = await buildRunnerImage(docker);
const emulator = await startProviderEmulator();
const runnerListener = await emulator.actions.listenForRunners(await bridgeGateway(docker));
const { instance, db, user, box, cleanup } = await prepareBenchInstance(PORT);

// The bench user's GitHub account (an emulator token) owns a service connected to the emulated repository.
const accountId = randomUUID();
await db.account.create({
  data: { id: accountId, userId: user.id, type: "oauth", provider: "github", providerAccountId: randomUUID(), access_token: box.encrypt(emulator.issueToken("github"), sealedFields.account("access_token", accountId)) },
});
await emulator.createRepository("github", REPOSITORY);
const connectionId = randomUUID();
const secret = randomUUID();
await db.repositoryConnection.create({
  data: { id: connectionId, ownerId: user.id, provider: "github", repositoryFullName: REPOSITORY, userId: user.id, events: ["workflow_job"], webhookSecretEncrypted: box.encrypt(secret, sealedFields.connection("webhookSecretEncrypted", connectionId)) },
});
emulator.hooks("github", REPOSITORY).push({ id: "1", url: `http://127.0.0.1:${PORT}/api/webhooks/github`, secret, events: ["workflow_job"] });
const pool = await db.runnerPool.create({ data: { name: "bench", labels: ["bench"], image, maxRunners: POOL_SIZE, idleTtlSeconds: 120 } });

const server = await startBenchServer(PORT, { ...instance.serverEnv, ...emulatorUrls(emulator.url), LOG_LEVEL: "warn" });

try {
  const sent = new Map<string, number>();
  for (let index = 0; index < JOBS; index++) {
    const before = performance.now();
    const job = await emulator.actions.queueJob(REPOSITORY, { name: `job-${index}`, labels: ["self-hosted", "bench"] });
    sent.set(String(job.id), before);
  }
  const rows = await waitFor(
    async () => {
      const jobs = await db.runnerJob.findMany({ where: { poolId: pool.id } });
      return jobs.length === JOBS && jobs.every((job) => job.startedAt !== null || job.status === "completed") ? jobs : null;
    },
    300_000,
    "every job's runner to start",
  );
  const wallStart = Date.now() - performance.now();
  const latencies = rows
    .map((job) => (job.startedAt?.getTime() ?? 0) - (wallStart + (sent.get(job.jobId) ?? 0)))
    .filter((ms) => ms > 0)
    .sort((a, b) => a - b);
  const at = (q: number) => latencies[Math.min(latencies.length - 1, Math.floor(q * latencies.length))] ?? NaN;
  await waitFor(async () => (await db.runnerJob.count({ where: { poolId: pool.id, status: "completed" } })) === JOBS, 300_000, "every job to complete");
  await waitFor(async () => (await docker.listContainers({ all: true, filters: { label: [`berth.runner.pool=${pool.id}`] } })).length === 0, 120_000, "every runner removed");

  console.log(`\n${cpus().length} cores; Docker engine, PostgreSQL, Next.js and the emulated GitHub share them.\n`);
  console.log("| measure | value |");
  console.log("|---|---|");
  console.log(`| queued delivery → runner container started, median of ${latencies.length} | ${Math.round(at(0.5))} ms |`);
  console.log(`| … p95 | ${Math.round(at(0.95))} ms |`);
  console.log(`| … fastest / slowest | ${Math.round(latencies[0] ?? NaN)} ms / ${Math.round(latencies.at(-1) ?? NaN)} ms |`);
  console.log(`| jobs completed, runners removed | ${JOBS} / ${JOBS} |`);
} finally {
  await server.stop();
  await runnerListener.stop();
  await emulator.stop();
  await cleanup();
}
