// The launcher's side of the traffic router: write its configuration, then start it (detached: it must
// outlive Berth) or, when it already runs, tell it to take the new configuration (SIGHUP, which replaces its
// workers one at a time without a gap in answers), and wait until all its workers answer with it.
import { spawn } from "node:child_process";
import { open, readFile, rename, rm, stat } from "node:fs/promises";
import { setTimeout as sleep } from "node:timers/promises";
import { fileURLToPath } from "node:url";
import { configDigest, ensureRouterDir, routerFiles, writeRouterConfig, type RouterConfig } from "./router-files";

const ROOT = fileURLToPath(new URL("../../../", import.meta.url));
const SCRIPT = fileURLToPath(new URL("../../../scripts/router.ts", import.meta.url));
const START_TIMEOUT_MS = 20_000;
// Its log is small (state changes, not requests), but never unbounded: one older file is kept.
const LOG_LIMIT_BYTES = 10 * 1024 * 1024;

export async function runningRouterPid(pidFile: string): Promise<number | undefined> {
  const pid = Number((await readFile(pidFile, "utf8").catch(() => "")).trim());
  if (!Number.isInteger(pid) || pid <= 0) return undefined;
  // A pid is reused once its process is gone: only a live router process counts.
  const commandLine = await readFile(`/proc/${pid}/cmdline`, "utf8").catch(() => "");
  return commandLine.includes("scripts/router.ts") ? pid : undefined;
}

export async function ensureRouter(config: RouterConfig): Promise<{ pid: number; started: boolean }> {
  const files = routerFiles(config.dataDir);
  await ensureRouterDir(files.dir);
  await writeRouterConfig(files.config, config);
  await rm(files.served, { force: true });
  const running = await runningRouterPid(files.pid);
  if (running !== undefined) {
    process.kill(running, "SIGHUP");
    await awaitServing(files);
    return { pid: running, started: false };
  }
  if (((await stat(files.log).catch(() => undefined))?.size ?? 0) > LOG_LIMIT_BYTES) await rename(files.log, `${files.log}.1`);
  const log = await open(files.log, "a", 0o600);
  const child = spawn(process.execPath, ["--import", "tsx", SCRIPT, "--", files.config], {
    cwd: ROOT,
    detached: true,
    stdio: ["ignore", log.fd, log.fd],
    // Only what it needs: never Berth's secrets beyond the database URL in its 0600 configuration file.
    env: { PATH: process.env.PATH ?? "/usr/bin:/bin", NODE_ENV: process.env.NODE_ENV ?? "production", LOG_LEVEL: process.env.LOG_LEVEL ?? "info" },
  });
  child.unref();
  await log.close();
  await awaitServing(files);
  return { pid: child.pid ?? 0, started: true };
}

// Tests and benchmarks stop the router they started; a running Berth never does.
export async function stopRouter(dataDir: string): Promise<void> {
  const files = routerFiles(dataDir);
  const pid = await runningRouterPid(files.pid);
  if (pid === undefined) return;
  process.kill(pid, "SIGTERM");
  while ((await runningRouterPid(files.pid)) === pid) await sleep(50);
  await rm(files.pid, { force: true });
}

// Until every worker answers with the configuration just written: after a SIGHUP, the replaced workers
// (perhaps pointed at a database that moved) must be gone before Berth changes a route.
async function awaitServing(files: ReturnType<typeof routerFiles>) {
  const digest = await configDigest(files.config);
  const deadline = Date.now() + START_TIMEOUT_MS;
  while (Date.now() < deadline) {
    if ((await readFile(files.served, "utf8").catch(() => "")) === digest) return;
    await sleep(50);
  }
  throw new Error(`The traffic router did not start answering within ${START_TIMEOUT_MS / 1000} s; see ${files.log}`);
}
