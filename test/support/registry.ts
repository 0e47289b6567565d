// A Docker registry of the test's own (Debian's docker-registry), on a free loopback port: the engine
// treats 127.0.0.0/8 registries as insecure, so plain HTTP works.
import { spawn } from "node:child_process";
import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { freePort } from "@/lib/server/net/free-port";
import { waitFor } from "./wait-for";

export async function startRegistry() {
  const port = await freePort();
  const dir = await mkdtemp(join(tmpdir(), "berth-registry-"));
  const config = join(dir, "config.yml");
  await writeFile(config, `version: 0.1\nlog:\n  level: error\nstorage:\n  filesystem:\n    rootdirectory: ${dir}/data\nhttp:\n  addr: 127.0.0.1:${port}\n`);
  const child = spawn("docker-registry", ["serve", config], { stdio: "ignore" });
  const url = `http://127.0.0.1:${port}`;
  await waitFor(() => fetch(`${url}/v2/`).then((response) => response.ok, () => false), 15_000, "the registry");
  return {
    address: `127.0.0.1:${port}`,
    url,
    async stop() {
      child.kill("SIGTERM");
      await rm(dir, { recursive: true, force: true });
    },
  };
}
