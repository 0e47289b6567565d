// npm run bench:webhooks — signed GitHub push deliveries against the production server (scripts/serve.mjs; embedded PostgreSQL, a real
// service, every delivery persisted with its deployment), 32 connections for 10 s, then a steady 100 deliveries/s
// over 4 connections for its p99, each endpoint warmed up first. The same run measures (a) a trivial route handler in the same build and (b) a
// bare node:http server that only checks the HMAC.
import autocannon from "autocannon";
import { randomUUID, timingSafeEqual } from "node:crypto";
import { createServer } from "node:http";
import { githubDelivery, hmacHex } from "@/test/support/github-delivery";
import { sealedFields } from "@/lib/server/crypto/sealed-fields";
import { readFile } from "node:fs/promises";
import { join } from "node:path";
import { ownCpuMs, treeCpuMs } from "./cpu";
import { prepareBenchInstance, startBenchServer } from "./support";

const CONNECTIONS = 32;
const DURATION_S = 10;
const PORT = 3190;
const BARE_PORT = 3191;
const SECRET = randomUUID();
const CONNECTION_ID = randomUUID();

const { instance, db, user, box, cleanup, dataDir } = await prepareBenchInstance(PORT);
const postmaster = Number((await readFile(join(dataDir, "postgres", "postmaster.pid"), "utf8")).split("\n")[0]);
const service = await db.service.create({
  data: { ownerId: user.id, name: "bench", slug: `bench-${randomUUID().slice(0, 6)}`, provider: "github", cloneUrl: "https://github.com/acme/bench.git", branch: "main" },
});
await db.repositoryConnection.create({ data: { serviceId: service.id, ownerId: service.ownerId, provider: "github", repositoryFullName: "acme/bench", webhookSecretEncrypted: box.encrypt(SECRET, sealedFields.connection("webhookSecretEncrypted", CONNECTION_ID)), id: CONNECTION_ID } });

const server = await startBenchServer(
  PORT,
  { ...instance.serverEnv, LOG_LEVEL: "warn" },
  process.env.BENCH_CPU_PROF ? ["--cpu-prof", `--cpu-prof-dir=${process.env.BENCH_CPU_PROF}`] : [],
);

// A bare server doing only what cannot be skipped: read the body, check the HMAC, answer.
const bare = createServer((request, response) => {
  const chunks: Buffer[] = [];
  request.on("data", (chunk: Buffer) => chunks.push(chunk));
  request.on("end", () => {
    const expected = Buffer.from(`sha256=${hmacHex(SECRET, Buffer.concat(chunks))}`);
    const given = Buffer.from(String(request.headers["x-hub-signature-256"] ?? ""));
    const ok = given.length === expected.length && timingSafeEqual(given, expected);
    response.writeHead(ok ? 202 : 401, { "content-type": "application/json" }).end(ok ? '{"status":"queued"}' : '{"detail":"Invalid webhook signature"}');
  });
}).listen(BARE_PORT, "127.0.0.1");

function signedPush() {
  const sha = randomUUID().replace(/-/g, "").padEnd(40, "0");
  const payload = { ref: "refs/heads/main", after: sha, repository: { full_name: "acme/bench" }, head_commit: { id: sha, message: "Benchmark commit", author: { name: "Bench" } } };
  return { method: "POST" as const, ...githubDelivery(SECRET, "push", payload) };
}

// Until the workflow has caught up with what the previous run queued (or 120 s): otherwise the deployments of one
// run are started during the next and bill it for them.
async function drained() {
  const deadline = Date.now() + 120_000;
  while (Date.now() < deadline) {
    const [events, due] = await Promise.all([
      db.workflowEvent.count({ where: { dispatchedAt: null } }),
      db.workflowJob.count({ where: { runAt: { lte: new Date() }, run: { status: "running" } } }),
    ]);
    if (events === 0 && due === 0) return;
    await new Promise((resolve) => setTimeout(resolve, 500));
  }
}

// overallRate: a steady load (deliveries per second over all connections) instead of as fast as possible.
async function run(name: string, url: string, signed: boolean, connections = CONNECTIONS, overallRate?: number) {
  await drained();
  const cpu = async () => ({ server: await treeCpuMs(server.pid), postgres: await treeCpuMs(postmaster), generator: ownCpuMs() });
  const before = await cpu();
  const result = await autocannon({
    url,
    connections,
    duration: DURATION_S,
    ...(overallRate ? { overallRate } : {}),
    requests: [signed ? { setupRequest: (request) => ({ ...request, ...signedPush() }) } : { method: "GET" }],
  });
  const after = await cpu();
  const errors = result.errors + result.timeouts + result.non2xx;
  // CPU per request, in ms: where the two cores went.
  const per = (key: keyof typeof before) => ((after[key] - before[key]) / Math.max(result.requests.total, 1)).toFixed(2);
  const split = `${per("server")} / ${per("postgres")} / ${per("generator")}`;
  return { name, rps: result.requests.average, p50: result.latency.p50, p99: result.latency.p99, total: result.requests.total, errors, split };
}

const BERTH_URL = `http://127.0.0.1:${PORT}/api/webhooks/github/${service.id}`;
const TRIVIAL_URL = `http://127.0.0.1:${PORT}/api/health/live`;

// Each target warmed up for 3 s, not reported: the server's first seconds (JIT, module loading, the workflow's start-up
// passes) would otherwise be billed to whichever target runs first. The trivial handler goes first, on a server with
// no deployments yet; Berth's run then carries whatever its warm-up's deployments still leave the workflow to do, so
// the ratio errs against Berth.
async function warmUp(url: string, signed: boolean) {
  await autocannon({ url, connections: CONNECTIONS, duration: 3, requests: [signed ? { setupRequest: (request) => ({ ...request, ...signedPush() }) } : { method: "GET" }] });
}

await warmUp(TRIVIAL_URL, false);
const trivialRun = await run("(a) trivial route handler, same build", TRIVIAL_URL, false);
await warmUp(BERTH_URL, true);
const results = [
  await run("Berth: signed push → verify, record, queue deployment", BERTH_URL, true),
  trivialRun,
  await run("(b) bare node:http, HMAC check only", `http://127.0.0.1:${BARE_PORT}/`, true),
  await run("Berth, one connection (latency unloaded)", BERTH_URL, true, 1),
  await run("Berth, a steady 100 deliveries/s over 4 connections", BERTH_URL, true, 4, 100),
];

const stored = await db.webhookDelivery.count({ where: { serviceId: service.id, status: "queued" } });
const deployments = await db.deployment.count({ where: { serviceId: service.id } });

console.log(`\n${CONNECTIONS} connections, ${DURATION_S} s each, ${(await import("node:os")).cpus().length} cores\n`);
console.log("| target | requests/s | p50 ms | p99 ms | requests | errors or non-2xx | CPU ms per request: server / PostgreSQL / load generator |\n|---|---|---|---|---|---|---|");
for (const r of results) console.log(`| ${r.name} | ${r.rps.toFixed(0)} | ${r.p50} | ${r.p99} | ${r.total} | ${r.errors} | ${r.split} |`);
const [berth, trivial] = results;
const steady = results[4]!;
console.log(`\nBerth throughput is ${(berth!.rps / trivial!.rps).toFixed(2)}× the trivial handler's at ${CONNECTIONS} connections (goal ≥ 0.70×); at a steady 100 deliveries/s over 4 connections its p99 is ${steady.p99} ms (goal ≤ 50 ms), p50 ${steady.p50} ms.`);
console.log(`Persisted: ${stored} queued deliveries and ${deployments} deployments, for ${berth!.total + results[3]!.total + steady.total} requests answered 202 within the runs.`);

bare.close();
await server.stop();
await cleanup();
