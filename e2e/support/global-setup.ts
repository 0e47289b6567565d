// Starts Berth the way `npm start` does (built app, embedded PostgreSQL in a fresh data directory) and
// adds a second local user, for the cross-user checks.
import { spawn } from "node:child_process";
import { createWriteStream } from "node:fs";
import { chmod, mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { FullConfig } from "@playwright/test";
import { createLocalUser } from "@/lib/server/auth/local-users";
import { prepareInstance } from "@/lib/server/instance/prepare-instance";
import { createPrismaClient } from "@/lib/server/database/client";
import { launcherEnv } from "@/lib/server/env";
import { connectDocker } from "@/lib/server/runtime/docker";
import { emulatorUrls, startProviderEmulator } from "@/test/emulator/provider-emulator";
import { bridgeGateway, buildRunnerImage } from "@/test/support/runner-image";
import { E2E_ORG, USERS } from "./users";

export default async function globalSetup(config: FullConfig) {
  const baseURL = config.projects[0]?.use.baseURL ?? "http://127.0.0.1:3100";
  const port = new URL(baseURL).port;
  const dataDir = await mkdtemp(join(tmpdir(), "berth-e2e-"));
  await chmod(dataDir, 0o711);

  const instance = await prepareInstance(
    launcherEnv({ BERTH_DATA_DIR: dataDir, PORT: port, ADMIN_EMAIL: USERS.admin.email, ADMIN_PASSWORD: USERS.admin.password, NEXTAUTH_URL: baseURL }),
  );
  const db = createPrismaClient(instance.database.url);
  await createLocalUser(db, { email: USERS.other.email, password: USERS.other.password });
  await db.$disconnect();

  // GitHub, GitLab, Bitbucket and Gitea for this run: OAuth apps, APIs and git hosting, all on loopback.
  const emulator = await startProviderEmulator();
  process.env.E2E_EMULATOR_URL = emulator.url;
  // Runner pools use the stand-in runner image, whose runners reach the emulator over the Docker bridge.
  const docker = connectDocker(process.env.DOCKER_HOST);
  process.env.E2E_RUNNER_IMAGE = await buildRunnerImage(docker);
  const runners = await emulator.actions.listenForRunners(await bridgeGateway(docker));
  const providers = {
    ...emulatorUrls(emulator.url),
    GITHUB_CLIENT_ID: "berth-e2e",
    GITHUB_CLIENT_SECRET: "berth-e2e-secret",
    GITLAB_CLIENT_ID: "berth-e2e",
    GITLAB_CLIENT_SECRET: "berth-e2e-secret",
    BITBUCKET_CLIENT_ID: "berth-e2e",
    BITBUCKET_CLIENT_SECRET: "berth-e2e-secret",
    GITEA_CLIENT_ID: "berth-e2e",
    GITEA_CLIENT_SECRET: "berth-e2e-secret",
    // The emulator's default accounts, and one organization whose members may sign in too.
    BERTH_ALLOWED_USERS: "github:octo,gitlab:tanuki,bitbucket:bb,gitea:tea",
    BERTH_ALLOWED_ORGS: `github:${E2E_ORG}`,
  };

  // The sample apps are deployed from file:// repositories on this machine.
  const serverEnv = { ...instance.serverEnv, ...providers, BERTH_ALLOW_LOCAL_GIT: "true", BERTH_ALLOW_LOCAL_CHANNELS: "true", NODE_ENV: "production" as const };
  // For e2e/two-instances.spec.ts, which starts a second Berth on the same database.
  process.env.E2E_SERVER_ENV = JSON.stringify(serverEnv);
  const server = spawn(process.execPath, ["scripts/serve.mjs", "start", "--port", port, "--hostname", "127.0.0.1"], {
    env: { ...process.env, ...serverEnv, LOG_LEVEL: "debug" },
    stdio: ["ignore", "pipe", "pipe"],
  });
  // The server's output is shown and kept, so a test can check that no secret was ever logged.
  const log = createWriteStream(join(dataDir, "server.log"));
  process.env.E2E_SERVER_LOG = join(dataDir, "server.log");
  server.stdout?.pipe(log);
  server.stderr?.pipe(log);
  server.stderr?.pipe(process.stderr);
  await waitForHealth(`${baseURL}/api/health`, server);

  return async () => {
    server.kill("SIGTERM");
    await new Promise((resolve) => server.once("exit", resolve));
    await instance.database.stop();
    await runners.stop();
    await emulator.stop();
    await rm(dataDir, { recursive: true, force: true });
  };
}

async function waitForHealth(url: string, server: ReturnType<typeof spawn>) {
  const deadline = Date.now() + 60_000;
  while (Date.now() < deadline) {
    if (server.exitCode !== null) throw new Error(`Berth exited with code ${server.exitCode} before it answered`);
    const ok = await fetch(url).then(
      (response) => response.ok,
      () => false,
    );
    if (ok) return;
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
  throw new Error(`Berth did not answer ${url} within 60 s (run \`npm run build\` first)`);
}
