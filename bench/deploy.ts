// npm run bench:deploy — the deploy workflow's own cost and what a service's clients see, on the production
// server (scripts/serve.mjs) with embedded PostgreSQL, the embedded executor, the real Docker engine, Caddy
// and the traffic router, fed by signed GitHub push deliveries:
//  1. overhead: accepted webhook → the proxy answers with the new version, minus the image build itself;
//  2. rollback: failed health check → old version confirmed serving (rollback step done);
//  3. failed requests for 8 keep-alive clients that never retry (autocannon through Caddy): during 10
//     consecutive deploys; while 5 other services are created, deployed and deleted; across a Berth
//     stop (server and embedded database) of BENCH_STOP_SECONDS (default 60) and its start.
import { request as apiRequest } from "@playwright/test";
import autocannon from "autocannon";
import { randomUUID } from "node:crypto";
import { cpus } from "node:os";
import { setTimeout as sleep } from "node:timers/promises";
import { ensureRouter, stopRouter } from "@/lib/server/routing/router-process";
import { findContainers, LABELS } from "@/lib/server/runtime/containers";
import { connectDocker } from "@/lib/server/runtime/docker";
import { listRepositoryTags, removeTag } from "@/lib/server/runtime/images";
import { imageRepositoryFor } from "@/lib/server/runtime/image-names";
import { startCaddy } from "@/test/support/caddy";
import { freeRouterAddress } from "@/test/support/router";
import { githubDelivery } from "@/test/support/github-delivery";
import { getThroughProxy, startPoller } from "@/test/support/http-probe";
import { createSampleRepo } from "@/test/support/sample-repo";
import { waitFor } from "@/test/support/wait-for";
import { sealedFields } from "@/lib/server/crypto/sealed-fields";
import { prepareBenchInstance, startBenchServer } from "./support";

const PORT = 3192;
const DEPLOYS_UNDER_LOAD = 10;
const OTHER_SERVICES = 5;
const STOP_SECONDS = Number(process.env.BENCH_STOP_SECONDS ?? 60);

const bench = await prepareBenchInstance(PORT);
const { user, box } = bench;
const caddy = await startCaddy();
const repo = await createSampleRepo();
const routerAddress = await freeRouterAddress();
// As the launcher does at each start.
const startRouter = (databaseUrl: string) =>
  ensureRouter({ databaseUrl, routerAddress, caddy: { adminUrl: caddy.adminUrl, listen: caddy.listen, domain: "localhost" }, dataDir: bench.dataDir });
await startRouter(bench.instance.database.url);

async function createBenchService(name: string) {
  const secret = randomUUID();
  const connectionId = randomUUID();
  const service = await bench.current.db.service.create({
    data: { ownerId: user.id, name, slug: `${name}-${randomUUID().slice(0, 6)}`, provider: "github", cloneUrl: repo.url, branch: "main", containerPort: 8080, healthCheckPath: "/healthz", healthCheckTimeout: 3 },
  });
  await bench.current.db.repositoryConnection.create({
    data: { id: connectionId, serviceId: service.id, ownerId: user.id, provider: "github", repositoryFullName: `acme/${name}`, webhookSecretEncrypted: box.encrypt(secret, sealedFields.connection("webhookSecretEncrypted", connectionId)) },
  });
  return { ...service, secret, repositoryFullName: `acme/${name}`, host: `${service.slug}.localhost` };
}
type BenchService = Awaited<ReturnType<typeof createBenchService>>;

const serverEnv = () => ({
  ...bench.current.instance.serverEnv,
  LOG_LEVEL: "warn",
  CADDY_ADMIN_URL: caddy.adminUrl,
  CADDY_LISTEN: caddy.listen,
  BERTH_ROUTER_ADDRESS: routerAddress,
  BERTH_DRAIN_SECONDS: "2",
  // The sample app is deployed from a file:// repository.
  BERTH_ALLOW_LOCAL_GIT: "true",
});
const service = await createBenchService("bench");
let server = await startBenchServer(PORT, serverEnv());

async function push(target: BenchService, sha: string): Promise<void> {
  const payload = { ref: "refs/heads/main", after: sha, repository: { full_name: target.repositoryFullName }, head_commit: { id: sha, message: "bench", author: { name: "Bench" } } };
  const { body, headers } = githubDelivery(target.secret, "push", payload);
  const response = await fetch(`http://127.0.0.1:${PORT}/api/webhooks/github/${target.id}`, { method: "POST", body: new Uint8Array(body), headers });
  if (response.status !== 202) throw new Error(`webhook answered ${response.status}: ${await response.text()}`);
}

async function logTime(deploymentId: string, prefix: string): Promise<Date> {
  const line = await bench.current.db.deploymentLog.findFirst({ where: { deploymentId, line: { startsWith: prefix } }, orderBy: { id: "asc" } });
  if (!line) throw new Error(`no "${prefix}" line in deployment ${deploymentId}'s log`);
  return line.createdAt;
}

const serving = async (host: string) => (await getThroughProxy(caddy.httpPort, host).catch(() => ({ status: 0, body: "" })));

// Webhook accepted → the proxy answers with the new page; minus the engine's build call.
async function deployAndMeasure(version: string) {
  const target = service;
  const sha = await repo.commit("healthy", version, version);
  await push(target, sha);
  const accepted = Date.now();
  await waitFor(async () => (await serving(target.host)).body.trim() === version, 120_000, `${version} to serve`, 5);
  const switched = Date.now();
  const deployment = await bench.current.db.deployment.findFirstOrThrow({ where: { serviceId: target.id, commitSha: sha } });
  const times = await Promise.all(["Building ", "Built ", "Started container", "Healthy after"].map(async (prefix) => (await logTime(deployment.id, prefix)).getTime()));
  const [building, built, started, healthy] = times as [number, number, number, number];
  const build = built - building;
  // Where the overhead goes: to the build's start (queue, dispatch, checkout), from the build to a started
  // container, to its first healthy answer, and from there to the proxy answering with it.
  const stages = [building - accepted, started - built, healthy - started, switched - healthy];
  return { total: switched - accepted, build, overhead: switched - accepted - build, stages };
}

// 8 keep-alive connections that never retry: every reset, timeout or non-2xx answer counts.
function startLoad() {
  let finish: (result: autocannon.Result) => void = () => {};
  const finished = new Promise<autocannon.Result>((resolve) => (finish = resolve));
  const load = autocannon({ url: `http://127.0.0.1:${caddy.httpPort}/`, connections: 8, duration: 3_600, headers: { host: service.host } }, (error, result) => {
    if (error) throw error;
    finish(result);
  });
  return {
    async stop() {
      load.stop();
      return finished;
    },
  };
}

console.log("first deploy (cold engine cache)…");
await deployAndMeasure("v0");

const single: Awaited<ReturnType<typeof deployAndMeasure>>[] = [];
for (let i = 1; i <= 3; i++) single.push(await deployAndMeasure(`v${i}`));

console.log("failing health check…");
const badSha = await repo.commit("unhealthy", "bad");
await push(service, badSha);
const bad = await waitFor(
  () => bench.current.db.deployment.findFirst({ where: { serviceId: service.id, commitSha: badSha, status: { in: ["rolled_back", "failed", "live"] } } }),
  120_000,
  "the unhealthy deployment to end",
);
const healthFailed = await logTime(bad.id, "Health check failed");
const rolledBack = await logTime(bad.id, "Rolled back");
const stillServing = (await serving(service.host)).body.trim();

console.log(`${DEPLOYS_UNDER_LOAD} deploys under load…`);
const deployLoad = startLoad();
// A client opening a new connection per request, as the integration tests do, beside the keep-alive load.
const poller = startPoller(caddy.httpPort, service.host, 10);
const underLoad: Awaited<ReturnType<typeof deployAndMeasure>>[] = [];
for (let i = 1; i <= DEPLOYS_UNDER_LOAD; i++) underLoad.push(await deployAndMeasure(`load-${i}`));
// Let the last retirement happen under load too.
const docker = connectDocker(undefined);
await waitFor(async () => (await findContainers(docker, { [LABELS.service]: service.id })).length === 1, 60_000, "the old containers to be retired");
const deployResult = await deployLoad.stop();
await poller.stop();

console.log(`${OTHER_SERVICES} other services created, deployed and deleted under load…`);
const servicesLoad = startLoad();
const others = await Promise.all(Array.from({ length: OTHER_SERVICES }, (_, i) => createBenchService(`other${i}`)));
const otherShas: string[] = [];
// One repository: its commits one after the other, the deploys side by side.
for (let i = 0; i < OTHER_SERVICES; i++) otherShas.push(await repo.commit("healthy", `other-${i}`, `other-${i}`));
await Promise.all(
  others.map(async (other, i) => {
    await push(other, otherShas[i] ?? "");
    await waitFor(async () => (await serving(other.host)).body.trim() === `other-${i}`, 180_000, `other-${i} to serve`);
  }),
);
// Deleted as a user does: through the API, signed in.
const api = await apiRequest.newContext({ baseURL: `http://127.0.0.1:${PORT}` });
const { csrfToken } = (await (await api.get("/api/auth/csrf")).json()) as { csrfToken: string };
await api.post("/api/auth/callback/local", { form: { csrfToken, email: "bench@example.test", password: "bench password 1", json: "true" } });
for (const other of others) {
  const response = await api.delete(`/api/services/${other.id}`, { headers: { origin: `http://127.0.0.1:${PORT}` } });
  if (response.status() !== 204) throw new Error(`deleting ${other.slug} answered ${response.status()}: ${await response.text()}`);
}
await waitFor(async () => (await Promise.all(others.map(async (other) => (await serving(other.host)).status))).every((status) => status === 404), 60_000, "the deleted services' hosts to answer 404");
const containersLeft = async () => (await Promise.all(others.map((other) => findContainers(docker, { [LABELS.service]: other.id })))).flat().length;
await waitFor(async () => (await containersLeft()) === 0, 60_000, "the deleted services' containers to go");
await api.dispose();
const servicesResult = await servicesLoad.stop();

console.log(`Berth stopped for ${STOP_SECONDS} s under load, then started again…`);
const restartLoad = startLoad();
await server.stop();
await bench.stopDatabase();
await sleep(STOP_SECONDS * 1_000);
const restarted = await bench.startDatabase();
const restartBegan = performance.now();
await startRouter(restarted.instance.database.url);
server = await startBenchServer(PORT, serverEnv());
const restartMs = performance.now() - restartBegan;
await sleep(2_000);
const restartResult = await restartLoad.stop();
const afterRestart = await deployAndMeasure("after-restart");

const ms = (value: number) => `${Math.round(value)} ms`;
const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)] ?? NaN;
const failed = (result: autocannon.Result) => `${result.errors} / ${result.timeouts} / ${result.non2xx}`;
console.log(`\n${cpus().length} cores; Docker engine, Caddy, the router, PostgreSQL, Next.js and the load generator share them.\n`);
console.log("| measure | value | goal |\n|---|---|---|");
console.log(`| deploy overhead (webhook accepted → proxy answers the new version, minus image build), median of 3 | ${ms(median(single.map((d) => d.overhead)))} | ≤ 1 s |`);
console.log(`| … each: total / build / overhead | ${single.map((d) => `${ms(d.total)} / ${ms(d.build)} / ${ms(d.overhead)}`).join("; ")} | |`);
console.log(`| … its parts, median of 3: to the build's start / build → container started / → healthy / → proxy answers | ${[0, 1, 2, 3].map((i) => ms(median(single.map((d) => d.stages[i] ?? NaN)))).join(" / ")} | |`);
console.log(`| rollback (health check failed → old version confirmed serving) | ${ms(rolledBack.getTime() - healthFailed.getTime())} | ≤ 0.5 s |`);
console.log(`| old version answering after the rollback | ${stillServing === "v3" ? "yes (v3)" : `no: ${stillServing}`} | yes |`);
console.log(`| requests during ${DEPLOYS_UNDER_LOAD} deploys, 8 keep-alive clients that never retry | ${deployResult.requests.total} | |`);
console.log(`| … failed: connection errors / timeouts / non-2xx | ${failed(deployResult)} | 0 |`);
console.log(`| requests during the same deploys, a new connection per request | ${poller.bodies.length + poller.failures.length} | |`);
console.log(`| … failed / connection resets | ${poller.failures.length}${poller.failures.length ? ` (${[...new Set(poller.failures)].slice(0, 3).join("; ")})` : ""} / ${poller.resets} | 0 / 0 |`);
console.log(`| deploy overhead under load, median of ${DEPLOYS_UNDER_LOAD} | ${ms(median(underLoad.map((d) => d.overhead)))} | ≤ 2 s |`);
console.log(`| requests while ${OTHER_SERVICES} other services were created, deployed and deleted | ${servicesResult.requests.total} | |`);
console.log(`| … failed: connection errors / timeouts / non-2xx | ${failed(servicesResult)} | 0 |`);
console.log(`| requests across a Berth stop of ${STOP_SECONDS} s and its start | ${restartResult.requests.total} | |`);
console.log(`| … failed: connection errors / timeouts / non-2xx | ${failed(restartResult)} | 0 |`);
console.log(`| Berth's start (database, router configuration, server) | ${ms(restartMs)} | |`);
console.log(`| first deploy after the restart: overhead | ${ms(afterRestart.overhead)} | |`);

await server.stop();
for (const container of await findContainers(docker, { [LABELS.service]: service.id })) await docker.getContainer(container.Id).remove({ force: true });
// Images left behind by run after run slow the engine down for the next.
for (const tag of await listRepositoryTags(docker, imageRepositoryFor(service.slug))) await removeTag(docker, tag);
await stopRouter(bench.dataDir);
await caddy.stop();
await repo.remove();
await bench.cleanup();
