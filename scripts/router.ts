// The traffic router: answers Caddy's upstream lookups (lib/server/routing/dns-answers.ts) from the routing
// table, and keeps Caddy configured. Started, detached, by Berth's launcher (lib/server/routing/
// router-process.ts) and left running when Berth stops, so deployed services keep serving meanwhile.
//
// A cluster: the primary only supervises; two workers answer on one shared UDP socket and one shared TCP
// listener, which the primary holds open. A worker that dies is replaced while the other answers; SIGHUP
// replaces them one at a time with the configuration file as it is now. Worker 0 also reconciles Caddy.
//
// usage: node --import tsx scripts/router.ts -- <BERTH_DATA_DIR>/router/config.json
import cluster, { type Worker } from "node:cluster";
import { rm, writeFile } from "node:fs/promises";
import { setTimeout as sleep } from "node:timers/promises";
import { parseArgs } from "node:util";
import { keepCaddyConfigured } from "@/lib/server/caddy/reconcile";
import { logger } from "@/lib/server/logger";
import { answerQuery, type Upstream } from "@/lib/server/routing/dns-answers";
import { routerNotFound } from "@/lib/server/routing/router-address";
import { serveAnswers } from "@/lib/server/routing/serve-answers";
import { configDigest, loadSavedRouteTable, readRouterConfig, routerFiles, saveRouteTable } from "@/lib/server/routing/router-files";
import { runningRouterPid } from "@/lib/server/routing/router-process";
import { watchRoutes } from "@/lib/server/routing/route-source";

const SLOTS = [0, 1];
// A worker starts answering once it has read the table from PostgreSQL, or after this long from its saved copy.
const FIRST_READ_WAIT_MS = 2_000;
const READY_TIMEOUT_MS = 15_000;

const { positionals } = parseArgs({ allowPositionals: true, options: {} });
const [configPath] = positionals;
if (!configPath || positionals.length !== 1) {
  console.error("usage: node --import tsx scripts/router.ts -- <BERTH_DATA_DIR>/router/config.json");
  process.exit(2);
}

// The workers accept from the shared listening socket themselves (the kernel spreads connections): with Node's
// default round robin the primary accepts and hands each connection over, and one handed to a worker that just
// died is lost until the resolver times out (5 s). A worker's own unanswered connections close when it dies.
cluster.schedulingPolicy = cluster.SCHED_NONE;
if (cluster.isPrimary) await supervise(configPath);
else await answer(configPath, Number(process.env.BERTH_ROUTER_SLOT));

async function supervise(path: string) {
  const log = logger.child({ component: "router" });
  const config = await readRouterConfig(path);
  const files = routerFiles(config.dataDir);
  const other = await runningRouterPid(files.pid);
  if (other !== undefined && other !== process.pid) {
    log.error({ other }, "another traffic router is running with this data directory");
    process.exit(1);
  }
  await writeFile(files.pid, String(process.pid), { mode: 0o600 });

  const workers = new Map<number, Worker>();
  const retiring = new Set<Worker>();
  let stopping = false;

  function start(slot: number): Worker {
    const worker = cluster.fork({ BERTH_ROUTER_SLOT: String(slot) });
    const startedAt = Date.now();
    workers.set(slot, worker);
    worker.on("exit", (code, signal) => {
      if (retiring.delete(worker) || stopping) return;
      // One that dies soon after it started is restarted after a pause, not in a tight loop.
      const quick = Date.now() - startedAt < 5_000;
      log.error({ slot, code, signal }, "a router worker stopped; starting another");
      setTimeout(() => {
        if (!stopping && workers.get(slot) === worker) start(slot);
      }, quick ? 1_000 : 100);
    });
    return worker;
  }

  const ready = (worker: Worker) =>
    new Promise<boolean>((resolve) => {
      const timer = setTimeout(() => resolve(false), READY_TIMEOUT_MS);
      worker.on("message", (message) => {
        if (message === "ready") {
          clearTimeout(timer);
          resolve(true);
        }
      });
      worker.once("exit", () => resolve(false));
    });

  // Says which configuration every worker now answers with, for the launcher waiting on a start or a SIGHUP.
  const announce = async (workersReady: boolean[]) => {
    if (workersReady.every(Boolean)) await writeFile(files.served, await configDigest(path), { mode: 0o600 });
  };
  // A SIGHUP during the start waits for it (unhandled, SIGHUP would end the process).
  let replacing = Promise.all(SLOTS.map((slot) => ready(start(slot)))).then(async (outcomes) => {
    await announce(outcomes);
    log.info({ address: config.routerAddress }, "traffic router started");
  });
  process.on("SIGHUP", () => {
    replacing = replacing.then(async () => {
      log.info("replacing the router workers with the current configuration");
      const outcomes: boolean[] = [];
      for (const slot of SLOTS) {
        const old = workers.get(slot);
        const fresh = start(slot);
        const isReady = await ready(fresh);
        outcomes.push(isReady);
        const [leaving, staying] = isReady ? [old, fresh] : [fresh, old];
        if (!isReady) log.error({ slot }, "a new router worker did not become ready; the old one keeps answering");
        if (staying) workers.set(slot, staying);
        if (leaving) {
          retiring.add(leaving);
          leaving.kill("SIGTERM");
        }
      }
      await announce(outcomes);
    });
  });
  for (const signal of ["SIGINT", "SIGTERM"] as const) {
    process.on(signal, () => {
      stopping = true;
      for (const worker of workers.values()) worker.kill("SIGTERM");
      rm(files.pid, { force: true }).then(() => process.exit(0), () => process.exit(0));
    });
  }
}

async function answer(path: string, slot: number) {
  const log = logger.child({ component: "router", slot });
  const config = await readRouterConfig(path);
  const files = routerFiles(config.dataDir);
  const saved = await loadSavedRouteTable(files.routes);
  if (saved.problem) log.warn({ problem: saved.problem }, "the saved routing table cannot be read; starting empty");
  let table: Map<string, Upstream[]> = saved.table;
  const tableText = (routes: Map<string, Upstream[]>) => JSON.stringify([...routes].sort(([a], [b]) => a.localeCompare(b)));
  let savedText = tableText(table);

  let firstRead: () => void = () => {};
  const readOnce = new Promise<void>((resolve) => (firstRead = resolve));
  const source = watchRoutes(
    config.databaseUrl,
    (next) => {
      table = next;
      firstRead();
      const text = tableText(next);
      if (text === savedText) return;
      savedText = text;
      log.debug({ routes: next.size }, "routing table changed");
      saveRouteTable(files.routes, next).catch((error: unknown) => log.error({ err: error }, "could not save the routing table"));
    },
    log,
  );
  await Promise.race([readOnce, sleep(FIRST_READ_WAIT_MS)]);

  const [host = "", port = ""] = config.routerAddress.split(":");
  const notFound = routerNotFound(config.routerAddress);
  // Shared with the other worker through the primary, which holds the sockets open across worker restarts.
  const sockets = await serveAnswers(host, Number(port), (query) => answerQuery(query, table, notFound), (error) => {
    log.fatal({ err: error, address: config.routerAddress }, "the router cannot answer on its address");
    process.exit(1);
  });
  log.info({ routes: table.size }, "answering lookups");
  process.send?.("ready");

  const caddy = slot === 0 ? keepCaddyConfigured({ ...config.caddy, routerAddress: config.routerAddress }, log) : undefined;
  process.on("SIGTERM", () => {
    caddy?.stop();
    sockets.close();
    source.stop().then(() => process.exit(0), () => process.exit(0));
  });
}
