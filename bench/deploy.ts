// npm run bench:deploy — the deploy workflow's own cost, on the production server (scripts/serve.mjs) with embedded PostgreSQL, the
// embedded executor, the real Docker engine and Caddy, fed by signed GitHub push deliveries:
//  1. overhead: accepted webhook → traffic switched, minus the image build itself (engine build call);
//  2. rollback: failed health check → old version confirmed serving (rollback step done);
//  3. failed requests seen by a client load (autocannon through Caddy) during 10 consecutive deploys.
import autocannon from "autocannon";
import { randomUUID } from "node:crypto";
import { cpus } from "node:os";
import { findContainers, LABELS } from "@/lib/server/runtime/containers";
import { connectDocker } from "@/lib/server/runtime/docker";
import { startCaddy } from "@/test/support/caddy";
import { githubDelivery } from "@/test/support/github-delivery";
import { getThroughProxy, startPoller } from "@/test/support/http-probe";
import { createSampleRepo } from "@/test/support/sample-repo";
import { waitFor } from "@/test/support/wait-for";
import { sealedFields } from "@/lib/server/crypto/sealed-fields";
import { prepareBenchInstance, startBenchServer } from "./support";

const PORT = 3192;
const SECRET = randomUUID();
const CONNECTION_ID = randomUUID();
const DEPLOYS_UNDER_LOAD = 10;

const { instance, db, user, box, cleanup } = await prepareBenchInstance(PORT);
const caddy = await startCaddy();
const repo = await createSampleRepo();
const service = await db.service.create({
  data: {
    ownerId: user.id,
    name: "bench",
    slug: `bench-${randomUUID().slice(0, 6)}`,
    provider: "github",
    cloneUrl: repo.url,
    branch: "main",
    containerPort: 8080,
    healthCheckPath: "/healthz",
    healthCheckTimeout: 3,
  },
});
await db.repositoryConnection.create({ data: { serviceId: service.id, ownerId: service.ownerId, provider: "github", repositoryFullName: "acme/bench", webhookSecretEncrypted: box.encrypt(SECRET, sealedFields.connection("webhookSecretEncrypted", CONNECTION_ID)), id: CONNECTION_ID } });
const host = `${service.slug}.localhost`;

const server = await startBenchServer(PORT, {
  ...instance.serverEnv,
  LOG_LEVEL: "warn",
  CADDY_ADMIN_URL: caddy.adminUrl,
  CADDY_LISTEN: caddy.listen,
  BERTH_DRAIN_SECONDS: "2",
  // The sample app is deployed from a file:// repository.
  BERTH_ALLOW_LOCAL_GIT: "true",
});

async function push(sha: string): Promise<number> {
  const payload = { ref: "refs/heads/main", after: sha, repository: { full_name: "acme/bench" }, head_commit: { id: sha, message: "bench", author: { name: "Bench" } } };
  const { body, headers } = githubDelivery(SECRET, "push", payload);
  const response = await fetch(`http://127.0.0.1:${PORT}/api/webhooks/github/${service.id}`, { method: "POST", body: new Uint8Array(body), headers });
  if (response.status !== 202) throw new Error(`webhook answered ${response.status}: ${await response.text()}`);
  return performance.now();
}

async function logTime(deploymentId: string, prefix: string): Promise<Date> {
  const line = await db.deploymentLog.findFirst({ where: { deploymentId, line: { startsWith: prefix } }, orderBy: { id: "asc" } });
  if (!line) throw new Error(`no "${prefix}" line in deployment ${deploymentId}'s log`);
  return line.createdAt;
}

// Webhook accepted → the proxy answers with the new page; minus the engine's build call.
async function deployAndMeasure(version: string) {
  const sha = await repo.commit("healthy", version, version);
  const accepted = await push(sha);
  await waitFor(async () => (await getThroughProxy(caddy.httpPort, host).catch(() => ({ body: "" }))).body.trim() === version, 120_000, `${version} to serve`, 5);
  const switched = performance.now();
  const deployment = await db.deployment.findFirstOrThrow({ where: { serviceId: service.id, commitSha: sha } });
  const build = (await logTime(deployment.id, "Built ")).getTime() - (await logTime(deployment.id, "Building ")).getTime();
  return { total: switched - accepted, build, overhead: switched - accepted - build };
}

console.log("first deploy (cold engine cache)…");
await deployAndMeasure("v0");

const single: Awaited<ReturnType<typeof deployAndMeasure>>[] = [];
for (let i = 1; i <= 3; i++) single.push(await deployAndMeasure(`v${i}`));

console.log("failing health check…");
const badSha = await repo.commit("unhealthy", "bad");
await push(badSha);
const bad = await waitFor(
  () => db.deployment.findFirst({ where: { serviceId: service.id, commitSha: badSha, status: { in: ["rolled_back", "failed", "live"] } } }),
  120_000,
  "the unhealthy deployment to end",
);
const healthFailed = await logTime(bad.id, "Health check failed");
const rolledBack = await logTime(bad.id, "Rolled back");
const stillServing = (await getThroughProxy(caddy.httpPort, host)).body.trim();

console.log(`${DEPLOYS_UNDER_LOAD} deploys under load…`);
let finishLoad: (result: autocannon.Result) => void = () => {};
const loadFinished = new Promise<autocannon.Result>((resolve) => (finishLoad = resolve));
const load = autocannon({ url: `http://127.0.0.1:${caddy.httpPort}/`, connections: 8, duration: 600, headers: { host } }, (error, result) => {
  if (error) throw error;
  finishLoad(result);
});
// A client opening a new connection per request, as the integration tests do, beside the keep-alive load.
const poller = startPoller(caddy.httpPort, host, 10);
const underLoad: Awaited<ReturnType<typeof deployAndMeasure>>[] = [];
for (let i = 1; i <= DEPLOYS_UNDER_LOAD; i++) underLoad.push(await deployAndMeasure(`load-${i}`));
// Let the last drain and retirement happen under load too.
const docker = connectDocker(undefined);
await waitFor(async () => (await findContainers(docker, { [LABELS.service]: service.id })).length === 1, 60_000, "the old containers to be retired");
load.stop();
const loadResult = await loadFinished;
await poller.stop();

const ms = (value: number) => `${Math.round(value)} ms`;
const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)] ?? NaN;
console.log(`\n${cpus().length} cores; Docker engine, Caddy, PostgreSQL, Next.js and the load generator share them.\n`);
console.log("| measure | value | goal |\n|---|---|---|");
console.log(`| deploy overhead (webhook accepted → traffic switched, minus image build), median of 3 | ${ms(median(single.map((d) => d.overhead)))} | ≤ 3 s |`);
console.log(`| … each: total / build / overhead | ${single.map((d) => `${ms(d.total)} / ${ms(d.build)} / ${ms(d.overhead)}`).join("; ")} | |`);
console.log(`| rollback (health check failed → old version confirmed serving) | ${ms(rolledBack.getTime() - healthFailed.getTime())} | ≤ 2 s |`);
console.log(`| old version answering after the rollback | ${stillServing === "v3" ? "yes (v3)" : `no: ${stillServing}`} | yes |`);
console.log(`| requests during ${DEPLOYS_UNDER_LOAD} deploys, 8 keep-alive connections through Caddy | ${loadResult.requests.total} | |`);
console.log(`| … failed: connection errors / timeouts / non-2xx | ${loadResult.errors} / ${loadResult.timeouts} / ${loadResult.non2xx} | 0 |`);
console.log(`| requests during the same deploys, a new connection per request, one retry on a reset (as browsers do) | ${poller.bodies.length + poller.failures.length} | |`);
console.log(`| … failed | ${poller.failures.length}${poller.failures.length ? ` (${[...new Set(poller.failures)].slice(0, 3).join("; ")})` : ""} | 0 |`);
console.log(`| … connection resets that the retry answered | ${poller.resets} | |`);
console.log(`| deploy overhead under load, median of ${DEPLOYS_UNDER_LOAD} | ${ms(median(underLoad.map((d) => d.overhead)))} | |`);

await server.stop();
for (const container of await findContainers(docker, { [LABELS.service]: service.id })) await docker.getContainer(container.Id).remove({ force: true });
await caddy.stop();
await repo.remove();
await cleanup();
