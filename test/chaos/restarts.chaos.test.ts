// The chaos suite (npm run test:chaos): Berth as it runs in production — the launcher and web server, an external
// PostgreSQL, Caddy and the traffic router, the machine's Docker engine — and one service receiving signed pushes,
// while each piece is killed or restarted at the worst moment. After each scenario: every acknowledged delivery is
// in the audit log, no delivery or commit was acted on twice, no container is left that no deployment owns, nothing
// is left under way, and the service is live on the newest good commit, served through Caddy. The table of figures
// is printed at the end (the closing note of issue #17 quotes it).
import { chmod, mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { setTimeout as sleep } from "node:timers/promises";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createApiToken } from "@/lib/server/auth/api-tokens";
import { db } from "@/lib/server/db";
import { launcherEnv } from "@/lib/server/env";
import { prepareInstance } from "@/lib/server/instance/prepare-instance";
import { freePort } from "@/lib/server/net/free-port";
import { stopRouter } from "@/lib/server/routing/router-process";
import { findContainers, LABELS } from "@/lib/server/runtime/containers";
import { connectDocker } from "@/lib/server/runtime/docker";
import { startCaddy } from "@/test/support/caddy";
import { getThroughProxy, startPoller } from "@/test/support/http-probe";
import { freeRouterAddress } from "@/test/support/router";
import { createSampleRepo } from "@/test/support/sample-repo";
import { waitFor } from "@/test/support/wait-for";
import { berthProcess } from "./berth-process";
import { restartDockerd } from "./dockerd";
import { deliveryLedger, monitorPool, tallyScenario, type Tally } from "./ledger";
import { startRestartablePostgres } from "./postgres";

const ADMIN = { email: "chaos@berth.test", password: "chaos-suite-admin-password" };
const REPOSITORY = "chaos/app";
const BURST = 200;
// Outside the run's directory, which is removed: kept for a look after a failure.
const BERTH_LOG = join(tmpdir(), "berth-chaos.log");

type Row = Tally & { scenario: string; at: string; final: string; builds: number; recoveredInS: string; note: string };

let root: string;
let postgres: Awaited<ReturnType<typeof startRestartablePostgres>>;
let caddy: Awaited<ReturnType<typeof startCaddy>>;
let berth: ReturnType<typeof berthProcess>;
let pool: ReturnType<typeof monitorPool>;
let repo: Awaited<ReturnType<typeof createSampleRepo>>;
let ledger: ReturnType<typeof deliveryLedger>;
let service: { id: string; slug: string };
let head: string;
// What the service serves once the last scenario ended.
let livePage = "v1";
const rows: Row[] = [];
const docker = connectDocker(undefined);

// A commit of the sample app whose build or start takes a while, so that there is time to strike.
function commit(page: string, options: { buildSeconds?: number; startSeconds?: number } = {}) {
  return repo.commitWith("healthy", page, async (dir) => {
    await writeFile(join(dir, "www", "index.html"), `${page}\n`);
    const serve = `httpd -f -v -p 8080 -h /www`;
    await writeFile(
      join(dir, "Dockerfile"),
      [
        "FROM scratch",
        "COPY busybox /bin/busybox",
        'RUN ["/bin/busybox", "--install", "-s", "/bin"]',
        "COPY www /www",
        ...(options.buildSeconds ? [`RUN ["/bin/busybox", "sleep", "${options.buildSeconds}"]`] : []),
        "EXPOSE 8080",
        options.startSeconds ? `CMD ["sh", "-c", "sleep ${options.startSeconds}; exec ${serve}"]` : `CMD ${JSON.stringify(serve.split(" "))}`,
        "",
      ].join("\n"),
    );
  });
}

async function push(page: string, options: Parameters<typeof commit>[1] = {}) {
  const sha = await commit(page, options);
  const before = head;
  head = sha;
  const sent = await ledger.deliver(sha, before, page);
  expect(sent, `the delivery of ${page}`).toMatchObject({ acknowledged: true });
  return sha;
}

type DeploymentRow = { id: string; status: string; error: string | null };

async function deploymentOf(sha: string): Promise<DeploymentRow | undefined> {
  const result = await pool.query<DeploymentRow>(`SELECT id, status::text, error FROM "Deployment" WHERE "serviceId" = $1 AND "commitSha" = $2 ORDER BY "createdAt" DESC LIMIT 1`, [service.id, sha]).catch(() => undefined);
  return result?.rows[0];
}

async function logged(deploymentId: string, text: string): Promise<boolean> {
  const result = await pool.query(`SELECT 1 FROM "DeploymentLog" WHERE "deploymentId" = $1 AND strpos(line, $2) > 0 LIMIT 1`, [deploymentId, text]).catch(() => undefined);
  return (result?.rowCount ?? 0) > 0;
}

// Returns the deployment's status at the moment the log said `text` (polled every 5 ms).
async function whenLogged(sha: string, text: string, timeoutMs = 120_000): Promise<DeploymentRow> {
  return waitFor(
    async () => {
      const deployment = await deploymentOf(sha);
      return deployment && (await logged(deployment.id, text)) ? deployment : undefined;
    },
    timeoutMs,
    `"${text}" in the log of ${sha.slice(0, 7)}`,
    5,
  );
}

// Pushes page, waits until its deployment's log says `when`, then strikes; strike says what it found.
async function pushAndStrike(page: string, options: Parameters<typeof commit>[1], when: string, strike: (at: DeploymentRow) => Promise<string>) {
  const sha = await push(page, options);
  const at = await whenLogged(sha, when);
  const struckAt = Date.now();
  return { sha, page, struckAt, at: await strike(at) };
}

async function liveOn(sha: string, timeoutMs = 240_000) {
  await waitFor(
    async () => {
      const deployment = await deploymentOf(sha);
      if (deployment && ["failed", "rolled_back", "cancelled", "superseded"].includes(deployment.status)) {
        throw new Error(`The deployment of ${sha.slice(0, 7)} ended ${deployment.status}: ${deployment.error ?? ""}`);
      }
      return deployment?.status === "live";
    },
    timeoutMs,
    `${sha.slice(0, 7)} to go live`,
    200,
  );
}

// Containers of the service that no live deployment owns, once retiring (1 s drain) has had its time.
async function orphans(): Promise<number> {
  const count = async () => {
    const live = await pool.query<{ containerId: string | null }>(`SELECT "containerId" FROM "Deployment" WHERE "serviceId" = $1 AND status = 'live'`, [service.id]);
    const owned = new Set(live.rows.map((row) => row.containerId));
    return (await findContainers(docker, { [LABELS.service]: service.id })).filter((container) => !owned.has(container.Id)).length;
  };
  await waitFor(async () => (await count()) === 0, 45_000, "containers no deployment owns to go", 500).catch(() => undefined);
  return count();
}

async function serves(page: string): Promise<boolean> {
  const host = `${service.slug}.localhost`;
  // Up to one convergence pass (15 s) after the engine restarted a container on another port, and then some.
  return waitFor(async () => (await getThroughProxy(caddy.httpPort, host).catch(() => undefined))?.body.trim() === page, 45_000, `${host} to serve ${page}`, 200).then(
    () => true,
    () => false,
  );
}

// How many times the deployment's image build started (the engine's first build step, in its log).
async function buildsOf(sha: string): Promise<number> {
  const deployment = await deploymentOf(sha);
  const result = await pool.query<{ count: number }>(`SELECT count(*)::int AS count FROM "DeploymentLog" WHERE "deploymentId" = $1 AND line LIKE 'Step 1/%'`, [deployment?.id]);
  return result.rows[0]?.count ?? 0;
}

// Runs one scenario: strike() pushes and strikes (struckAt: when); then the figures are taken and the row checked.
async function scenario(name: string, strike: () => Promise<{ sha: string; page: string; at: string; struckAt: number; note?: string }>) {
  const since = new Date();
  const from = ledger.sent.length;
  const { sha, page, at, struckAt, note = "" } = await strike();
  await liveOn(sha);
  const serving = await serves(page);
  const recoveredInS = ((Date.now() - struckAt) / 1000).toFixed(1);
  const tally = await tallyScenario(pool, service.id, ledger.sent.slice(from), since);
  const row: Row = { scenario: name, at, ...tally, orphans: await orphans(), final: "", builds: await buildsOf(sha), recoveredInS, note };
  row.final = `${tally.liveSha === sha ? `live on ${sha.slice(0, 7)} (newest)` : `live on ${tally.liveSha?.slice(0, 7) ?? "nothing"}, not ${sha.slice(0, 7)}`}${serving ? ", serving" : ", NOT serving"}`;
  rows.push(row);
  expect(row).toMatchObject({ lost: 0, duplicates: 0, orphans: 0, stuck: 0, liveSha: sha });
  expect(serving, `${service.slug} serves ${page} through Caddy`).toBe(true);
  livePage = page;
}

beforeAll(async () => {
  root = await mkdtemp(join(tmpdir(), "berth-chaos-"));
  await writeFile(BERTH_LOG, "");
  // The database runs as the postgres user, which must reach its directory.
  await chmod(root, 0o711);
  postgres = await startRestartablePostgres(join(root, "postgres"));
  caddy = await startCaddy();
  const port = String(await freePort());
  const dataDir = join(root, "data");
  // Berth at 127.0.0.1, its services at *.localhost: never one site.
  const config = { DATABASE_URL: postgres.url, BERTH_DATA_DIR: dataDir, PORT: port, BERTH_HOST: "127.0.0.1", NEXTAUTH_URL: `http://127.0.0.1:${port}`, ADMIN_EMAIL: ADMIN.email, ADMIN_PASSWORD: ADMIN.password };
  // The launcher finds the same secrets in the data directory; this process uses them to make an API token.
  Object.assign(process.env, (await prepareInstance(launcherEnv(config))).serverEnv);
  berth = berthProcess(
    {
      ...config,
      NODE_ENV: "production",
      LOG_LEVEL: "info",
      CADDY_ADMIN_URL: caddy.adminUrl,
      CADDY_LISTEN: caddy.listen,
      BERTH_ROUTER_ADDRESS: await freeRouterAddress(),
      BERTH_ALLOW_LOCAL_GIT: "true",
      BERTH_DRAIN_SECONDS: "1",
    },
    BERTH_LOG,
  );
  await berth.start();
  pool = monitorPool(postgres.url);

  const admin = await db.user.findUniqueOrThrow({ where: { email: ADMIN.email } });
  const { secret: token } = await createApiToken({ id: admin.id, role: "admin" }, { name: "chaos", scope: "admin", expires_in_days: null });
  await db.$disconnect();
  const api = async (path: string, init: RequestInit = {}) => {
    const response = await fetch(`${berth.url}${path}`, { ...init, headers: { authorization: `Bearer ${token}`, "content-type": "application/json" } });
    if (!response.ok) throw new Error(`${init.method ?? "GET"} ${path}: HTTP ${response.status} ${await response.text()}`);
    return response.json() as Promise<Record<string, unknown>>;
  };

  repo = await createSampleRepo();
  head = "0".repeat(40);
  const created = await api("/api/services", {
    method: "POST",
    body: JSON.stringify({
      name: "chaos",
      provider: "github",
      repository_full_name: REPOSITORY,
      clone_url: repo.url,
      runtime: { container_port: 8080, health_check_path: "/", health_check_timeout_s: 30 },
    }),
  });
  service = { id: String(created.id), slug: String(created.slug) };
  const setup = await api(`/api/services/${service.id}/webhook-url?provider=github`);
  ledger = deliveryLedger(`${berth.url}/api/webhooks/github/${service.id}`, String(setup.secret), REPOSITORY);
  await liveOn(await push("v1"));
  expect(await serves("v1")).toBe(true);
}, 240_000);

afterAll(async () => {
  printTable();
  await berth?.stop();
  await pool?.end();
  if (service) for (const container of await findContainers(docker, { [LABELS.service]: service.id })) await docker.getContainer(container.Id).remove({ force: true });
  await stopRouter(join(root, "data"));
  await caddy?.stop();
  await postgres?.stop();
  await repo?.remove();
  await rm(root, { recursive: true, force: true });
}, 120_000);

function printTable() {
  const lines = [
    "| scenario | struck | acknowledged deliveries (retried) | lost | duplicates | orphans | left under way | final state | serving after strike | builds | note |",
    "|---|---|---|---|---|---|---|---|---|---|---|",
    ...rows.map(
      (row) =>
        `| ${row.scenario} | ${row.at} | ${row.acknowledged} (${row.retried}) | ${row.lost} | ${row.duplicates} | ${row.orphans} | ${row.stuck} | ${row.final} | ${row.recoveredInS} s | ${row.builds} | ${row.note} |`,
    ),
  ];
  console.log(`\nChaos suite\n${lines.join("\n")}\n`);
}

describe("Berth killed, its database, engine and proxy restarted", { timeout: 420_000 }, () => {
  const restartBerth = async () => {
    await berth.kill();
    await berth.start();
  };

  it("SIGKILL of Berth during a build: the build runs again after the restart", async () => {
    await scenario("SIGKILL Berth during build", () =>
      pushAndStrike("killed while building", { buildSeconds: 8 }, "Step 5/", async (at) => {
        await restartBerth();
        return `${at.status}, during the build's slow step`;
      }),
    );
  });

  it("SIGKILL of Berth during the health check: the check is made again and passes", async () => {
    await scenario("SIGKILL Berth during health check", () =>
      pushAndStrike("killed while checking", { startSeconds: 6 }, "Checking GET /", async (at) => {
        await restartBerth();
        return `${at.status}, health check under way`;
      }),
    );
  });

  it("SIGKILL of Berth during the switch: the route and the live status end consistent", async () => {
    await scenario("SIGKILL Berth during switch", () =>
      pushAndStrike("killed while switching", {}, "Healthy after", async (at) => {
        await berth.kill();
        const route = await pool.query<{ deploymentId: string }>(`SELECT "deploymentId" FROM "ServiceRoute" WHERE "serviceId" = $1`, [service.id]);
        await berth.start();
        return `${at.status}, health passed, route ${route.rows[0]?.deploymentId === at.id ? "already" : "not yet"} switched`;
      }),
    );
  });

  it("PostgreSQL restarted during a deployment: the deployment goes on", async () => {
    await scenario("restart PostgreSQL during deploy", () =>
      pushAndStrike("database restarted", { buildSeconds: 6 }, "Step 5/", async (at) => {
        await postgres.restart(3_000);
        return `${at.status}, down 3 s`;
      }),
    );
  });

  it(`PostgreSQL restarted during a burst of ${BURST} deliveries: each acknowledged one is recorded once`, async () => {
    await scenario(`restart PostgreSQL during ${BURST}-delivery burst`, async () => {
      const shas: string[] = [];
      for (let index = 1; index < BURST; index++) shas.push(await repo.commitEmpty(`burst ${index}`));
      const page = `burst of ${BURST}`;
      const last = await commit(page);
      let next = 0;
      let restart: Promise<void> | undefined;
      let struckAt = 0;
      const sender = async () => {
        for (let index = next++; index < shas.length; index = next++) {
          const sha = shas[index] ?? "";
          await ledger.deliver(sha, index === 0 ? head : (shas[index - 1] ?? ""), `burst ${index + 1}`);
          if (!restart && ledger.sent.filter((entry) => entry.acknowledged).length >= 60) {
            struckAt = Date.now();
            restart = postgres.restart(2_000);
          }
        }
      };
      await Promise.all(Array.from({ length: 8 }, sender));
      await restart;
      // The newest push is sent once the others are in, as a provider sends the pushes of one branch in order.
      const sent = await ledger.deliver(last, shas.at(-1) ?? "", page);
      expect(sent.acknowledged).toBe(true);
      head = last;
      return { sha: last, page, at: "after 60 acknowledgements, down 2 s", struckAt, note: `${BURST} pushes, 8 at a time` };
    });
  });

  it("dockerd restarted during a build: the deployment goes live once the engine is back", async () => {
    await scenario("restart dockerd during build", () =>
      // Longer than dockerd waits for a build container when it stops (about 10 s): the build is cut off.
      pushAndStrike("engine restarted", { buildSeconds: 30 }, "Step 5/", async (at) => {
        const { downMs } = await restartDockerd();
        return `${at.status}, engine back after ${(downMs / 1000).toFixed(1)} s`;
      }),
    );
  });

  it("dockerd restarted with nothing under way: the live version serves again without a push", async () => {
    await scenario("restart dockerd, idle", async () => {
      const { rows: [live] } = await pool.query<{ commitSha: string }>(`SELECT "commitSha" FROM "Deployment" WHERE "serviceId" = $1 AND status = 'live'`, [service.id]);
      const struckAt = Date.now();
      const { downMs } = await restartDockerd();
      return { sha: live?.commitSha ?? "", page: livePage, at: `idle, engine back after ${(downMs / 1000).toFixed(1)} s`, struckAt, note: "no push: the container came back by its restart policy, its route by convergence" };
    });
  });

  it("Caddy restarted under load during a deployment: configured again, serving the new version", async () => {
    const poller = startPoller(caddy.httpPort, `${service.slug}.localhost`, 20);
    let outage = "";
    await scenario("restart Caddy under load", () =>
      pushAndStrike("proxy restarted", { buildSeconds: 2 }, "Step 5/", async (at) => {
        const struckAt = Date.now();
        await caddy.restart();
        await waitFor(async () => (await getThroughProxy(caddy.httpPort, `${service.slug}.localhost`).catch(() => undefined))?.status === 200, 30_000, "Caddy to serve again", 20);
        outage = `serving again ${((Date.now() - struckAt) / 1000).toFixed(1)} s after the kill`;
        return `${at.status}, Caddy SIGKILLed and started bare`;
      }),
    );
    await sleep(500);
    await poller.stop();
    const row = rows.at(-1);
    if (row) row.note = `${outage}; poller: ${poller.bodies.length} answered, ${poller.failures.length} failed while Caddy was down`;
  });
});
