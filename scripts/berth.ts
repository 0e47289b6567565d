// npm run dev | npm start: prepares the instance (embedded PostgreSQL unless DATABASE_URL is set,
// migrations, secrets, local admin), starts or updates the traffic router when Caddy fronts the services
// (scripts/router.ts), then runs the web server (scripts/serve.mjs: Next.js behind Node's HTTP server)
// with the resulting configuration.
import { spawn } from "node:child_process";
import { resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { proxySettings } from "@/lib/server/caddy/config";
import { prepareInstance } from "@/lib/server/instance/prepare-instance";
import { checkServerEnv, EnvError, launcherEnv, type ServerEnv } from "@/lib/server/env";
import { logger } from "@/lib/server/logger";
import { createPrismaClient } from "@/lib/server/database/client";
import { restoreMissingRoutes } from "@/lib/server/routing/restore-routes";
import { ensureRouter } from "@/lib/server/routing/router-process";
import { connectDocker } from "@/lib/server/runtime/docker";

const mode = process.argv[2];
if (mode !== "dev" && mode !== "start") {
  console.error("usage: tsx scripts/berth.ts dev|start");
  process.exit(2);
}

try {
  const config = launcherEnv();
  const instance = await prepareInstance(config, (line) => logger.debug({ component: "postgres" }, line));
  logger.info(
    { database: instance.database.embedded ? "embedded" : "external", applied: instance.migrations.applied },
    "database ready",
  );
  if (instance.resealed > 0) logger.info({ secrets: instance.resealed }, "older secrets sealed again, each bound to its table, column and row");
  if (instance.migrations.unknown.length > 0) {
    logger.warn({ migrations: instance.migrations.unknown }, "the database has migrations this version does not know");
  }
  try {
    const serverConfig = checkServerEnv({ ...process.env, ...instance.serverEnv });
    const proxy = proxySettings(serverConfig);
    if (proxy) {
      await restoreRoutes(instance.database.url, serverConfig);
      const router = await ensureRouter({
        databaseUrl: instance.database.url,
        routerAddress: proxy.routerAddress,
        caddy: { adminUrl: proxy.adminUrl, listen: proxy.listen, domain: proxy.domain },
        dataDir: resolve(config.BERTH_DATA_DIR),
      });
      // It keeps running when Berth stops, so the services keep serving meanwhile.
      logger.info({ pid: router.pid, address: proxy.routerAddress }, router.started ? "traffic router started" : "traffic router took the new configuration");
    }
  } catch (error) {
    await instance.database.stop();
    throw error;
  }
  announceAdmin(instance.admin, config.PORT);

  const server = spawn(process.execPath, [fileURLToPath(new URL("serve.mjs", import.meta.url)), mode, "--port", String(config.PORT), "--hostname", config.BERTH_HOST], {
    stdio: "inherit",
    env: { ...process.env, ...instance.serverEnv },
  });
  for (const signal of ["SIGINT", "SIGTERM"] as const) process.on(signal, () => server.kill(signal));
  server.on("exit", (code, signal) => {
    const exit = () => process.exit(code ?? (signal ? 1 : 0));
    instance.database.stop().then(exit, (error: unknown) => {
      console.error(`Stopping the embedded database failed: ${error instanceof Error ? error.message : String(error)}`);
      exit();
    });
  });
} catch (error) {
  const message = error instanceof EnvError || error instanceof Error ? error.message : String(error);
  console.error(`\nBerth could not start:\n${message}\n`);
  process.exit(1);
}

async function restoreRoutes(databaseUrl: string, config: ServerEnv) {
  const db = createPrismaClient(databaseUrl);
  try {
    const docker = connectDocker(config, 5_000);
    const { restored, notRunning } = await restoreMissingRoutes(db, docker, config.BERTH_ENGINE_ADDRESS);
    if (restored.length > 0) logger.info({ services: restored }, "routes restored from the running containers");
    if (notRunning.length > 0) logger.warn({ services: notRunning }, "live services whose container is not running: no route until they are deployed again");
  } catch (error) {
    logger.warn({ reason: error instanceof Error ? error.message : String(error) }, "could not check for live services without a route");
  } finally {
    await db.$disconnect();
  }
}

function announceAdmin(admin: Awaited<ReturnType<typeof prepareInstance>>["admin"], port: number) {
  if (admin.outcome === "created" && admin.generatedPassword) {
    // The one time this password is shown: it is stored only as a hash.
    console.log(
      [
        "",
        "  ┌──────────────────────────────────────────────────────────────",
        "  │ Berth created the local admin account. Save this password now:",
        `  │   email:    ${admin.email}`,
        `  │   password: ${admin.generatedPassword}`,
        `  │ Sign in at http://localhost:${port}/signin`,
        "  │ Lost it? Restart with ADMIN_PASSWORD=<new password> to replace it.",
        "  └──────────────────────────────────────────────────────────────",
        "",
      ].join("\n"),
    );
  } else if (admin.outcome === "password-reset") {
    logger.info({ email: admin.email }, "admin password set from ADMIN_PASSWORD");
  }
}
