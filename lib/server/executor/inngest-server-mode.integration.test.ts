// With an Inngest server configured (INNGEST_BASE_URL, INNGEST_EVENT_KEY, INNGEST_SIGNING_KEY), Berth runs no
// executor: it relays its outbox to the server's event API and serves the signed step calls at /api/inngest.
// A stand-in that speaks as the server does (test/emulator/inngest-server.ts) receives the events and drives
// the unchanged deploy function through the real route handler to a live deployment.
import { randomBytes } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import type * as InngestRoute from "@/app/api/inngest/route";
import type * as Db from "@/lib/server/db";
import type * as Deployments from "@/lib/server/deployments/request-deployment";
import type * as Services from "@/lib/server/services/create-service";
import type * as ServiceValidations from "@/lib/shared/validations/service";
import type * as Users from "@/test/support/users";
import { startInngestServer } from "@/test/emulator/inngest-server";
import { useIsolatedDatabase } from "@/test/support/isolated-database";
import { createSampleRepo } from "@/test/support/sample-repo";
import { waitFor } from "@/test/support/wait-for";

const EVENT_KEY = `evt_${randomBytes(12).toString("hex")}`;
const SIGNING_KEY = `signkey-prod-${randomBytes(32).toString("hex")}`;
const APP_URL = "http://127.0.0.1:3000/api/inngest";

let server: Awaited<ReturnType<typeof startInngestServer>>;
let dropDatabase: (() => Promise<void>) | undefined;
let stopWorkflow: (() => Promise<void>) | undefined;
let repo: Awaited<ReturnType<typeof createSampleRepo>>;
// Loaded afresh in beforeAll (the types only come from the static imports).
let app: {
  db: typeof Db.db;
  route: typeof InngestRoute;
  requestDeployment: typeof Deployments.requestDeployment;
  createService: typeof Services.createService;
  createServiceSchema: typeof ServiceValidations.createServiceSchema;
  createTestUser: typeof Users.createTestUser;
};

const endpoint = (request: Request) => app.route.POST(request, {});

beforeAll(async () => {
  server = await startInngestServer({ eventKey: EVENT_KEY, signingKey: SIGNING_KEY });
  dropDatabase = await useIsolatedDatabase({ INNGEST_BASE_URL: server.url, INNGEST_EVENT_KEY: EVENT_KEY, INNGEST_SIGNING_KEY: SIGNING_KEY, BERTH_INTERNAL_URL: "http://127.0.0.1:3000" });
  delete process.env.INNGEST_DEV;
  // The Inngest client and Berth's configuration read the environment when first loaded: load them afresh.
  vi.resetModules();
  app = {
    db: (await import("@/lib/server/db")).db,
    route: await import("@/app/api/inngest/route"),
    requestDeployment: (await import("@/lib/server/deployments/request-deployment")).requestDeployment,
    createService: (await import("@/lib/server/services/create-service")).createService,
    createServiceSchema: (await import("@/lib/shared/validations/service")).createServiceSchema,
    createTestUser: (await import("@/test/support/users")).createTestUser,
  };
  stopWorkflow = await (await import("@/lib/server/executor/start-workflow")).startWorkflow();
  repo = await createSampleRepo();
}, 60_000);

afterAll(async () => {
  await stopWorkflow?.();
  const { connectDocker } = await import("@/lib/server/runtime/docker");
  const docker = connectDocker(undefined);
  for (const container of await docker.listContainers({ all: true, filters: { label: ["berth.managed=true"] } })) {
    const deploymentId = container.Labels["berth.deployment"];
    if (deploymentId && (await app?.db.deployment.findUnique({ where: { id: deploymentId } }))) await docker.getContainer(container.Id).remove({ force: true });
  }
  await repo?.remove();
  await server?.stop();
  await dropDatabase?.();
}, 60_000);

describe("Berth with an Inngest server", { timeout: 120_000 }, () => {
  it("sends a requested deployment's event to the server's event API, once, and runs nothing itself", async () => {
    const user = await app.createTestUser();
    const service = await app.createService(
      user.id,
      app.createServiceSchema.parse({
        name: `inngest-${randomBytes(4).toString("hex")}`,
        provider: "git",
        clone_url: repo.url,
        runtime: { container_port: 8080, health_check_path: "/healthz", health_check_timeout_s: 10 },
      }),
    );
    const sha = await repo.commit("healthy", "through Inngest", "served by a step call");
    const deployment = await app.requestDeployment(user, service.id, { commit_sha: sha });
    const sent = await waitFor(async () => server.events.find((event) => event.name === "deploy/requested" && event.data.deploymentId === deployment.id), 10_000, "the event at the server");
    expect(sent).toMatchObject({ data: { deploymentId: deployment.id, serviceId: service.id } });
    // The outbox row's id is the event's, so a resend after a crash is deduplicated by the server.
    const row = await app.db.workflowEvent.findFirstOrThrow({ where: { name: "deploy/requested" } });
    expect(sent.id).toBe(row.id);
    await waitFor(async () => (await app.db.workflowEvent.findUniqueOrThrow({ where: { id: row.id } })).dispatchedAt !== null, 5_000, "the row marked sent");
    await new Promise((resolve) => setTimeout(resolve, 1_000));
    expect(server.events.filter((event) => event.id === row.id)).toHaveLength(1);
    expect(await app.db.workflowRun.count()).toBe(0);
    expect(await app.db.deployment.findUniqueOrThrow({ where: { id: deployment.id } })).toMatchObject({ status: "queued" });

    const { output, transcript } = await server.drive(endpoint, APP_URL, "berth-deploy-service", sent);
    expect(output).toMatchObject({ outcome: "live" });
    const ran = transcript.flatMap((exchange) => exchange.ops.filter((op) => op.startsWith("StepRun:")));
    expect(ran).toHaveLength(6);
    expect(transcript.every((exchange) => exchange.status === 206 || exchange.status === 200)).toBe(true);
    const live = await app.db.deployment.findUniqueOrThrow({ where: { id: deployment.id } });
    expect(live.status).toBe("live");
    expect(await (await fetch(live.url ?? "")).text()).toBe("served by a step call\n");
    expect(await app.db.workflowRun.count()).toBe(0);
  });

  it("refuses step calls that are unsigned or signed with another key, running nothing", async () => {
    const body = { event: { name: "deploy/requested", data: { deploymentId: "dep_forged", serviceId: "svc" } }, steps: {}, ctx: {} };
    const forged = await server.call(endpoint, APP_URL, "berth-deploy-service", "step", body, `signkey-prod-${randomBytes(32).toString("hex")}`);
    expect(forged.status).toBe(401);
    const unsigned = await endpoint(new Request(`${APP_URL}?fnId=berth-deploy-service&stepId=step`, { method: "POST", body: JSON.stringify(body), headers: { "content-type": "application/json" } }));
    expect(unsigned.status).toBe(401);
    expect(await app.db.deployment.count({ where: { id: "dep_forged" } })).toBe(0);
  });
});
