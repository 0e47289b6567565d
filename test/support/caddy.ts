// A Caddy of the test's own (Debian's caddy binary), admin API and HTTP server on free ports. It starts
// with nothing but its admin API, as a freshly restarted Caddy does; Berth's traffic router configures it.
import { spawn, type ChildProcess } from "node:child_process";
import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { freePort } from "@/lib/server/net/free-port";
import { waitFor } from "./wait-for";

export async function startCaddy() {
  const [adminPort, httpPort] = [await freePort(), await freePort()];
  const dir = await mkdtemp(join(tmpdir(), "berth-caddy-"));
  const config = join(dir, "caddy.json");
  await writeFile(config, JSON.stringify({ admin: { listen: `127.0.0.1:${adminPort}` } }));
  const adminUrl = `http://127.0.0.1:${adminPort}`;
  let child: ChildProcess;
  async function run() {
    child = spawn("caddy", ["run", "--config", config], { stdio: "ignore", env: { ...process.env, HOME: dir, XDG_DATA_HOME: dir, XDG_CONFIG_HOME: dir } });
    await waitFor(() => fetch(`${adminUrl}/config/`).then((response) => response.ok, () => false), 15_000, "caddy's admin API");
  }
  async function kill() {
    const exited = new Promise((resolve) => child.once("exit", resolve));
    child.kill("SIGKILL");
    await exited;
  }
  await run();
  return {
    adminUrl,
    listen: `127.0.0.1:${httpPort}`,
    httpPort,
    // Killed outright and started again on the same ports, with its startup configuration only.
    async restart() {
      await kill();
      await run();
    },
    async stop() {
      await kill();
      await rm(dir, { recursive: true, force: true });
    },
  };
}
