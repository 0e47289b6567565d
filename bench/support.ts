// What every benchmark against the production server needs: a production build, a fresh embedded instance with
// one local user, and the server itself.
import { execFileSync, spawn } from "node:child_process";
import { chmod, mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { createLocalUser } from "@/lib/server/auth/local-users";
import { prepareInstance } from "@/lib/server/instance/prepare-instance";
import { createSecretBox, parseEncryptionKey } from "@/lib/server/crypto/encryption";
import { createPrismaClient } from "@/lib/server/database/client";
import { launcherEnv } from "@/lib/server/env";
import { waitFor } from "@/test/support/wait-for";

export async function prepareBenchInstance(port: number) {
  console.log("building…");
  execFileSync("npx", ["next", "build"], { stdio: "ignore" });
  const dataDir = await mkdtemp(join(tmpdir(), "berth-bench-"));
  await chmod(dataDir, 0o711);
  const config = launcherEnv({ BERTH_DATA_DIR: dataDir, PORT: String(port), NEXTAUTH_URL: `http://127.0.0.1:${port}`, ADMIN_PASSWORD: "bench admin password" });
  const instance = await prepareInstance(config);
  // What a restart replaces: the embedded database may come back on another port.
  const current = { instance, db: createPrismaClient(instance.database.url) };
  const user = await createLocalUser(current.db, { email: "bench@example.test", password: "bench password 1" });
  return {
    instance,
    db: current.db,
    current,
    dataDir,
    user,
    box: createSecretBox(parseEncryptionKey(instance.serverEnv.ENCRYPTION_KEY ?? "")),
    // As when Berth's launcher stops: the embedded database stops with it.
    async stopDatabase() {
      await current.db.$disconnect();
      await current.instance.database.stop();
    },
    // As when it starts again: the instance prepared anew.
    async startDatabase() {
      current.instance = await prepareInstance(config);
      current.db = createPrismaClient(current.instance.database.url);
      return current;
    },
    cleanup: async () => {
      await current.db.$disconnect();
      await current.instance.database.stop();
      await rm(dataDir, { recursive: true, force: true });
    },
  };
}

// The production server (scripts/serve.mjs) on 127.0.0.1:port, answering once this resolves; killed with this process if the run fails.
export async function startBenchServer(port: number, env: Record<string, string | undefined>, nodeArgs: string[] = []) {
  const server = spawn(process.execPath, [...nodeArgs, "scripts/serve.mjs", "start", "--port", String(port), "--hostname", "127.0.0.1"], {
    env: { ...process.env, ...env, NODE_ENV: "production" },
    stdio: ["ignore", "ignore", "inherit"],
  });
  process.on("exit", () => server.kill("SIGKILL"));
  await waitFor(() => fetch(`http://127.0.0.1:${port}/api/health/live`).then((response) => response.ok, () => false), 60_000, "the server");
  return {
    pid: server.pid ?? 0,
    async stop() {
      server.kill("SIGTERM");
      await new Promise((resolve) => server.once("exit", resolve));
    },
  };
}
