// The traffic router (scripts/router.ts) for a test: its own data directory and address, pointed at the
// test's database and Caddy, started the way the launcher starts it.
import { mkdtemp, readdir, readFile, rm } from "node:fs/promises";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { freePort } from "@/lib/server/net/free-port";
import { routerFiles } from "@/lib/server/routing/router-files";
import { ensureRouter, stopRouter } from "@/lib/server/routing/router-process";
import { getThroughProxy } from "./http-probe";
import { waitFor } from "./wait-for";

// A router address whose port and the next one (Caddy's not-found listener) are both free now.
export async function freeRouterAddress(): Promise<string> {
  for (;;) {
    const port = await freePort();
    const next = createServer();
    const free = await new Promise<boolean>((resolve) => {
      next.once("error", () => resolve(false));
      next.listen(port + 1, "127.0.0.1", () => next.close(() => resolve(true)));
    });
    if (free) return `127.0.0.1:${port}`;
  }
}

export async function startRouter(databaseUrl: string, caddy: { adminUrl: string; listen: string; httpPort: number }) {
  const dataDir = await mkdtemp(join(tmpdir(), "berth-router-"));
  const routerAddress = await freeRouterAddress();
  const config = { databaseUrl, routerAddress, caddy: { adminUrl: caddy.adminUrl, listen: caddy.listen, domain: "localhost" }, dataDir };
  const { pid } = await ensureRouter(config);
  // Configured: a host no service has gets Caddy's 404 by way of the router.
  await waitFor(async () => (await getThroughProxy(caddy.httpPort, "nobody.localhost").catch(() => undefined))?.status === 404, 15_000, "Caddy to be configured");
  return {
    routerAddress,
    dataDir,
    pid,
    config,
    // Its children, read from /proc (field 4 of /proc/<pid>/stat is the parent; the name before it is in parentheses).
    async workerPids(): Promise<number[]> {
      const pids = (await readdir("/proc")).filter((entry) => /^\d+$/.test(entry));
      const parents = await Promise.all(pids.map((entry) => readFile(`/proc/${entry}/stat`, "utf8").then((stat) => Number(stat.slice(stat.lastIndexOf(")") + 2).split(" ")[1]), () => 0)));
      return pids.filter((_, index) => parents[index] === pid).map(Number);
    },
    // Workers that have said, in the router's log, that they answer.
    async answeringWorkerPids(): Promise<number[]> {
      const lines = (await readFile(routerFiles(dataDir).log, "utf8")).split("\n").filter((line) => line.includes('"answering lookups"'));
      const answering = new Set(lines.map((line) => (JSON.parse(line) as { pid: number }).pid));
      return (await this.workerPids()).filter((worker) => answering.has(worker));
    },
    async stop() {
      await stopRouter(dataDir);
      await rm(dataDir, { recursive: true, force: true });
    },
  };
}
