// The portainer target and the Portainer tool's compatible update hook, against the Portainer emulator (whose
// stacks run as real containers on this machine's engine), driven by the embedded executor.
import { randomBytes } from "node:crypto";
import { writeFile } from "node:fs/promises";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { inngest } from "@/inngest/client";
import { functions } from "@/inngest/index";
import { db } from "@/lib/server/db";
import { requestDeployment } from "@/lib/server/deployments/request-deployment";
import { freePort } from "@/lib/server/net/free-port";
import { portainerClient } from "@/lib/server/portainer/client";
import { connectDocker } from "@/lib/server/runtime/docker";
import { createService } from "@/lib/server/services/create-service";
import { portainerSignature, receivePortainerHook } from "@/lib/server/webhooks/portainer-hook";
import { createServiceSchema } from "@/lib/shared/validations/service";
import { EMULATED_VERSION, startPortainerEmulator } from "@/test/emulator/portainer";
import { settledDeployment } from "@/test/support/deployments";
import { useIsolatedDatabase } from "@/test/support/isolated-database";
import { createSampleRepo } from "@/test/support/sample-repo";
import { createTestUser } from "@/test/support/users";
import { waitFor } from "@/test/support/wait-for";
import { inProcessTransport, testExecutor } from "@/test/support/workflow";

const DEPLOY_TIMEOUT = 90_000;
const API_KEY = `ptr_${randomBytes(16).toString("base64url")}`;
const HOOK_SECRET = randomBytes(24).toString("hex");
const STACK_ID = 7;
const docker = connectDocker(undefined);

let dropDatabase: (() => Promise<void>) | undefined;
let portainer: Awaited<ReturnType<typeof startPortainerEmulator>>;
let repo: Awaited<ReturnType<typeof createSampleRepo>>;
let executor: ReturnType<typeof testExecutor>;
let user: Awaited<ReturnType<typeof createTestUser>>;
let service: { id: string };
let appPort: number;
const deployments: Record<string, string> = {};

beforeAll(async () => {
  portainer = await startPortainerEmulator(docker, { apiKey: API_KEY, username: "ops", password: "correct horse battery" });
  dropDatabase = await useIsolatedDatabase({ PORTAINER_URL: portainer.url, PORTAINER_API_KEY: API_KEY, PORTAINER_WEBHOOK_SECRET: HOOK_SECRET });
  appPort = await freePort();
  portainer.addStack({
    Id: STACK_ID,
    Name: `shop-${randomBytes(3).toString("hex")}`,
    EndpointId: 2,
    Env: [{ name: "TZ", value: "UTC" }],
    StackFileContent: `services:\n  web:\n    image: \${BERTH_IMAGE}\n    ports:\n      - "${appPort}:8080"\n`,
  });
  repo = await createSampleRepo();
  user = await createTestUser();
  service = await createService(
    user.id,
    createServiceSchema.parse({
      name: `stack-${randomBytes(4).toString("hex")}`,
      provider: "git",
      clone_url: repo.url,
      runtime: { container_port: 8080, health_check_path: "/healthz", health_check_timeout_s: 10 },
      target: { kind: "portainer", stack_id: STACK_ID },
    }),
  );
  executor = testExecutor(db, inProcessTransport(inngest, functions));
  await executor.start();
}, 120_000);

afterAll(async () => {
  await executor?.stop();
  await portainer?.stop();
  await repo?.remove();
  await dropDatabase?.();
}, 60_000);

const page = async () => (await (await fetch(`http://127.0.0.1:${appPort}/`)).text()).trim();
const stackImage = () => portainer.stack(STACK_ID)?.Env.find((pair) => pair.name === "BERTH_IMAGE")?.value;

function hookRequest(body: string, signature?: string) {
  return new Request("http://berth.test/api/hooks/portainer", {
    method: "POST",
    headers: { "Content-Type": "application/json", ...(signature === undefined ? {} : { "X-Portainer-Signature": signature }) },
    body,
  });
}

describe("deploying to a Portainer stack", { timeout: 180_000 }, () => {
  it("updates the stack to the new image and follows its container until it keeps running", async () => {
    deployments.v1 = await (async () => (await requestDeployment(user, service.id, { commit_sha: await repo.commit("healthy", "first", "v1") })).id)();
    const deployment = await settledDeployment(deployments.v1, DEPLOY_TIMEOUT);
    expect(deployment).toMatchObject({ status: "live", url: null });
    expect(stackImage()).toBe(deployment.imageTag);
    // The stack's other variables are kept.
    expect(portainer.stack(STACK_ID)?.Env).toContainEqual({ name: "TZ", value: "UTC" });
    expect(portainer.calls).toContain(`PUT /api/stacks/${STACK_ID}?endpointId=2`);
    expect(await page()).toBe("v1");
  });

  it("puts the stack back on the previous image when the new one crashes", async () => {
    const sha = await repo.commitWith("healthy", "crashes", async (dir) => {
      await writeFile(join(dir, "Dockerfile"), 'FROM scratch\nCOPY busybox /bin/busybox\nCMD ["/bin/busybox", "sh", "-c", "echo bad config >&2; exit 2"]\n');
    });
    deployments.v2 = (await requestDeployment(user, service.id, { commit_sha: sha })).id;
    const deployment = await settledDeployment(deployments.v2, DEPLOY_TIMEOUT);
    expect(deployment.status).toBe("rolled_back");
    expect(deployment.error).toMatch(/^A container of stack shop-[0-9a-f]+ on the new image stopped: Exited \(2\)/);
    const v1 = await db.deployment.findUniqueOrThrow({ where: { id: deployments.v1 } });
    expect(stackImage()).toBe(v1.imageTag);
    await waitFor(async () => (await page().catch(() => "")) === "v1", 10_000, "v1 to answer again");
  });

  it("signs in with a user's name and password when there is no API key, and says so when they are wrong", async () => {
    expect(await portainerClient({ url: portainer.url, username: "ops", password: "correct horse battery" }).status()).toEqual({ version: EMULATED_VERSION });
    await expect(portainerClient({ url: portainer.url, username: "ops", password: "wrong" }).status()).rejects.toThrow(
      `Portainer answered POST /api/auth with HTTP 422: Invalid credentials: Unauthorized`,
    );
    await expect(portainerClient({ url: portainer.url, apiKey: "ptr_wrong" }).stack(STACK_ID)).rejects.toThrow(/HTTP 401: Unauthorized/);
  });
});

describe("the Portainer tool's update hook", { timeout: 180_000 }, () => {
  it("deploys the branch head to the stack on a signed stack_update, answering as the old tool did", async () => {
    await repo.commit("healthy", "third", "v3");
    const body = JSON.stringify({ event: "stack_update", stack_id: STACK_ID });
    const answer = await receivePortainerHook(hookRequest(body, portainerSignature(HOOK_SECRET, Buffer.from(body))));
    expect(answer.status).toBe(200);
    expect(answer.body).toMatchObject({ success: true, message: "Stack update triggered", update_result: expect.stringMatching(/^stack_update: queued deployment \w+ of stack-/) });
    const queued = await db.deployment.findFirstOrThrow({ where: { serviceId: service.id, trigger: "deploy_hook" } });
    expect(await settledDeployment(queued.id, DEPLOY_TIMEOUT)).toMatchObject({ status: "live" });
    await waitFor(async () => (await page().catch(() => "")) === "v3", 10_000, "v3 to answer");
  });

  it("refuses a bad or missing signature, an unknown event and an unknown stack, deploying nothing", async () => {
    const before = await db.deployment.count({ where: { serviceId: service.id } });
    const body = JSON.stringify({ event: "image_update" });
    for (const signature of [undefined, "", portainerSignature("another secret", Buffer.from(body)), `sha256=${"0".repeat(64)}`]) {
      const answer = await receivePortainerHook(hookRequest(body, signature));
      expect(answer).toMatchObject({ status: 401, body: { success: false, message: "Invalid or missing X-Portainer-Signature" } });
    }
    const signed = (text: string) => receivePortainerHook(hookRequest(text, portainerSignature(HOOK_SECRET, Buffer.from(text))));
    expect(await signed(JSON.stringify({ event: "deployment", branch: "main" }))).toMatchObject({ status: 400, body: { success: false, message: "Invalid body: event: event must be stack_update or image_update" } });
    expect(await signed(JSON.stringify({ event: "stack_update", stack_id: 99 }))).toMatchObject({ status: 404, body: { message: "No service deploys to Portainer stack 99" } });
    expect(await signed("not json")).toMatchObject({ status: 400, body: { message: "The body is not JSON" } });
    expect(await db.deployment.count({ where: { serviceId: service.id } })).toBe(before);
  });
});
