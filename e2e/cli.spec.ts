// The berth CLI against the running server, as a person or a CI job uses it: login with an API token, deploy
// with --follow (the log, then exit 0 when live, non-zero when the health check fails), --json that parses,
// and test-connection naming an engine that does not answer and a Portainer that refuses its key.
import { execFile } from "node:child_process";
import { randomUUID } from "node:crypto";
import { mkdtemp, rm, stat } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { connectDocker } from "@/lib/server/runtime/docker";
import { EMULATED_VERSION, startPortainerEmulator } from "@/test/emulator/portainer";
import { createSampleRepo } from "@/test/support/sample-repo";
import { expect, signInThroughForm, test } from "./support/fixtures";
import { USERS } from "./support/users";

type Run = { code: number; stdout: string; stderr: string };

function berth(args: string[], env: Record<string, string>): Promise<Run> {
  return new Promise((resolve) => {
    execFile(process.execPath, ["bin/berth.mjs", ...args], { env: { PATH: process.env.PATH ?? "", HOME: env.XDG_CONFIG_HOME ?? "", ...env } as unknown as NodeJS.ProcessEnv, timeout: 120_000 }, (error, stdout, stderr) =>
      resolve({ code: error ? ((error as { code?: number }).code ?? 1) : 0, stdout, stderr }),
    );
  });
}

test("berth logs in with a token, deploys and follows, fails a broken deploy, speaks JSON and checks connections", async ({ page, baseURL }) => {
  test.setTimeout(180_000);
  const config = await mkdtemp(join(tmpdir(), "berth-cli-"));
  const repo = await createSampleRepo();
  try {
    await signInThroughForm(page, USERS.admin);
    const minted = await page.request.post("/api/tokens", { data: { name: "cli", scope: "deploy" } });
    expect(minted.status()).toBe(201);
    const { secret } = (await minted.json()) as { secret: string };
    const name = `cli-${randomUUID().slice(0, 8)}`;
    await repo.commit("healthy", "first", "from the cli");
    const created = await page.request.post("/api/services", {
      data: { name, provider: "git", clone_url: repo.url, runtime: { container_port: 8080, health_check_path: "/healthz", health_check_timeout_s: 4 } },
    });
    expect(created.status()).toBe(201);

    const env = { XDG_CONFIG_HOME: config };
    const login = await berth(["login", "--url", baseURL ?? "", "--token", secret], env);
    expect(login.code).toBe(0);
    expect(login.stdout).toContain(`Logged in to ${baseURL}`);
    expect((await stat(join(config, "berth", "config.json"))).mode & 0o777).toBe(0o600);

    const deployed = await berth(["deploy", name, "--follow"], env);
    expect(deployed.stdout).toMatch(/Checked out [0-9a-f]{7} "first" by Sample Author/);
    expect(deployed.stdout).toMatch(/Live at http:\/\//);
    expect(deployed.code).toBe(0);

    const listed = await berth(["--json", "services", "list"], env);
    expect(listed.code).toBe(0);
    const services = JSON.parse(listed.stdout) as { name: string; status: string }[];
    expect(services.find((service) => service.name === name)).toMatchObject({ status: "running" });

    await repo.commit("unhealthy", "forgot the health page");
    const broken = await berth(["deploy", name, "--follow"], env);
    expect(broken.code).toBe(1);
    expect(`${broken.stdout}${broken.stderr}`).toMatch(/Health check failed/);
    expect(broken.stdout).toMatch(/Deployment rolled_back/);

    const refused = await berth(["services", "show", "no-such-service"], env);
    expect(refused.code).toBe(1);
    expect(refused.stderr).toBe("berth: No service named or numbered 'no-such-service' among yours (berth services list shows them)\n");

    const checked = await berth(["test-connection"], { ...env, DOCKER_HOST: "unix:///tmp/no-docker-here.sock" });
    expect(checked.code).toBe(1);
    expect(checked.stdout).toContain("✗ docker engine: unix:///tmp/no-docker-here.sock: connect ENOENT /tmp/no-docker-here.sock");

    // Portainer: the emulator answers with the right key, and a wrong one is named as refused.
    const portainer = await startPortainerEmulator(connectDocker(undefined), { apiKey: "ptr_good" });
    try {
      const good = await berth(["--json", "test-connection"], { ...env, PORTAINER_URL: portainer.url, PORTAINER_API_KEY: "ptr_good" });
      expect(JSON.parse(good.stdout)).toContainEqual({ name: "portainer", ok: true, detail: `${portainer.url}: Portainer ${EMULATED_VERSION}` });
      const wrong = await berth(["test-connection"], { ...env, PORTAINER_URL: portainer.url, PORTAINER_API_KEY: "ptr_wrong" });
      expect(wrong.code).toBe(1);
      expect(wrong.stdout).toContain("✗ portainer: Portainer answered GET /api/system/status with HTTP 401: Unauthorized: A valid authorisation token is missing");
    } finally {
      await portainer.stop();
    }

    expect((await page.request.delete(`/api/services/${(await created.json() as { id: string }).id}`)).status()).toBe(204);
  } finally {
    await repo.remove();
    await rm(config, { recursive: true, force: true });
  }
});
