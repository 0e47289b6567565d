// The traffic router (scripts/router.ts) for a test: its own data directory and address, pointed at the
// test's database and Caddy, started the way the launcher starts it.
import { execFile } from "node:child_process";
import { mkdtemp, readFile, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { promisify } from "node:util";
import { freePort } from "@/lib/server/net/free-port";
import { routerFiles } from "@/lib/server/routing/router-files";
import { ensureRouter, stopRouter } from "@/lib/server/routing/router-process";
import { getThroughProxy } from "./http-probe";
import { waitFor } from "./wait-for";

export async function startRouter(databaseUrl: string, caddy: { adminUrl: string; listen: string; httpPort: number }) {
  const dataDir = await mkdtemp(join(tmpdir(), "berth-router-"));
  const routerAddress = `127.0.0.1:${await freePort()}`;
  const config = { databaseUrl, routerAddress, caddy: { adminUrl: caddy.adminUrl, listen: caddy.listen, domain: "localhost" }, dataDir };
  const { pid } = await ensureRouter(config);
  // Configured: a host no service has gets Caddy's 404 by way of the router.
  await waitFor(async () => (await getThroughProxy(caddy.httpPort, "nobody.localhost").catch(() => undefined))?.status === 404, 15_000, "Caddy to be configured");
  return {
    routerAddress,
    dataDir,
    pid,
    config,
    async workerPids(): Promise<number[]> {
      const { stdout } = await promisify(execFile)("pgrep", ["-P", String(pid)]).catch(() => ({ stdout: "" }));
      return stdout.split("\n").filter(Boolean).map(Number);
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
