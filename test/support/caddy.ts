// A Caddy of the test's own (Debian's caddy binary), admin API and HTTP server on free ports.
import { spawn } from "node:child_process";
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
  const child = spawn("caddy", ["run", "--config", config], { stdio: "ignore", env: { ...process.env, HOME: dir, XDG_DATA_HOME: dir, XDG_CONFIG_HOME: dir } });
  const adminUrl = `http://127.0.0.1:${adminPort}`;
  await waitFor(() => fetch(`${adminUrl}/config/`).then((response) => response.ok, () => false), 15_000, "caddy's admin API");
  return {
    adminUrl,
    listen: `127.0.0.1:${httpPort}`,
    httpPort,
    async stop() {
      child.kill("SIGTERM");
      await rm(dir, { recursive: true, force: true });
    },
  };
}
