// A repository connected to watch CI without a service: its hook posts to the by-repository receiver, its
// failed runs become its owner's incidents, its pushes deploy nothing, and nobody else sees any of it.
import { randomUUID } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { db } from "@/lib/server/db";
import { toResponse } from "@/lib/server/http/errors";
import { listIncidents, getIncident } from "@/lib/server/ci/incidents";
import { listCiRuns } from "@/lib/server/ci/list-ci-runs";
import { listDeliveries } from "@/lib/server/webhooks/delivery-queries";
import { replayDelivery } from "@/lib/server/webhooks/replay-delivery";
import { CI_ONLY_PUSH } from "@/lib/server/webhooks/decide";
import { connectRepositorySchema } from "@/lib/shared/validations/connection";
import { emulatorUrls, startProviderEmulator, type EmulatedProvider, type ProviderEmulator } from "@/test/emulator/provider-emulator";
import { nextRunId, workflowJob, workflowRun } from "@/test/support/ci-runs";
import { githubDelivery, hmacHex } from "@/test/support/github-delivery";
import { createLinkedUser, createTestUser } from "@/test/support/users";
import { deliverByRepository, fixture, pushPayload, randomSha } from "@/test/support/webhooks";
import { connectRepository } from "./connect-repository";
import { disconnectRepository } from "./disconnect-repository";
import { listConnections } from "./list-connections";
import { updateConnection } from "./update-connection";

let emulator: ProviderEmulator;

beforeAll(async () => {
  emulator = await startProviderEmulator();
  Object.assign(process.env, emulatorUrls(emulator.url));
});

afterAll(async () => {
  await emulator.stop();
});

const linkedUser = (provider: EmulatedProvider) => createLinkedUser(emulator, provider);

const connect = (userId: string, input: Record<string, unknown>) => connectRepository(userId, connectRepositorySchema.parse(input));

// The recorded example payloads name their own repository; the by-repository receiver routes by it.
const about = <T extends Record<string, unknown>>(repository: string, payload: T): T => ({ ...payload, repository: { ...(payload.repository as object), full_name: repository } });

async function watching() {
  const repository = `acme/ci-${randomUUID().slice(0, 8)}`;
  await emulator.createRepository("github", repository);
  const user = await linkedUser("github");
  const { service, connection } = await connect(user.id, { provider: "github", repository_full_name: repository, mode: "ci" });
  const [hook] = emulator.hooks("github", repository);
  if (!hook) throw new Error("no hook was installed");
  const send = (event: string, payload: Record<string, unknown>, headers: Record<string, string> = {}) =>
    deliverByRepository("github", githubDelivery(hook.secret, event, about(repository, payload), headers));
  return { repository, user, service, connection, hook, send };
}

describe("a CI-only connection", () => {
  it("makes no service and points a CI-only hook at the by-repository receiver", async () => {
    const { service, connection, hook, user } = await watching();
    expect(service).toBeNull();
    expect(connection).toMatchObject({ service_id: null, deploys: false, watches_ci: true, branch: null, webhook_status: "active", events: ["workflow_run", "workflow_job"] });
    expect(hook).toMatchObject({ url: "http://localhost:3000/api/webhooks/github", events: ["workflow_run", "workflow_job"] });
    expect(await db.service.count({ where: { ownerId: user.id } })).toBe(0);
    expect((await listConnections(user, { kind: "ci_only", scope: "mine", limit: 100 })).connections.map((listed) => listed.id)).toEqual([connection.id]);
  });

  it("turns a failed run into its owner's incident and a push into nothing, and dedupes a redelivery", async () => {
    const { user, connection, send } = await watching();
    const runId = nextRunId();
    expect((await send("workflow_job", workflowJob(runId, "test", "failure"))).status).toBe(200);
    const deliveryId = randomUUID();
    const failed = await send("workflow_run", workflowRun({ id: runId, status: "completed", conclusion: "failure", start: 2, update: 9 }), { "x-github-delivery": deliveryId });
    expect(failed).toMatchObject({ status: 200, body: { status: "processed", message: expect.stringMatching(/incident opened$/) } });

    const [incident] = (await listIncidents(user, { scope: "mine", limit: 100 })).incidents;
    expect(incident).toMatchObject({ state: "open", workflow: "CI", branch: "main", failures: 1 });
    expect(incident?.last_run?.failed_jobs).toMatchObject([{ name: "test" }]);
    const bell = await db.notification.findMany({ where: { userId: user.id, type: "incident_opened" } });
    expect(bell).toMatchObject([{ serviceId: null, message: expect.stringMatching(/^CI is red: CI on main of acme\/ci-/) }]);
    expect((await listCiRuns(user, { connection_id: connection.id, scope: "mine", limit: 50 })).runs).toHaveLength(1);

    const again = await send("workflow_run", workflowRun({ id: runId, status: "completed", conclusion: "failure", start: 2, update: 9 }), { "x-github-delivery": deliveryId });
    expect(again.body).toMatchObject({ status: "duplicate" });

    const push = await send("push", pushPayload("main", randomSha()));
    expect(push).toMatchObject({ status: 200, body: { status: "ignored", message: CI_ONLY_PUSH } });
    expect(await db.deployment.count({ where: { delivery: { connectionId: connection.id } } })).toBe(0);

    const { deliveries } = await listDeliveries(user, { scope: "mine", limit: 50, offset: 0 });
    expect(deliveries.map((delivery) => delivery.status).sort()).toEqual(["duplicate", "ignored", "processed", "processed"]);
    const replayed = await replayDelivery(user, deliveries.find((delivery) => delivery.event === "workflow_run" && delivery.status === "processed")!.id);
    expect(replayed).toMatchObject({ status: "processed" });
  });

  it("is its owner's alone: another member sees none of it, an admin sees it when asking for everyone's", async () => {
    const { user, connection, send } = await watching();
    await send("workflow_run", workflowRun({ status: "completed", conclusion: "failure", start: 1, update: 4 }));
    const [incident] = (await listIncidents(user, { scope: "mine", limit: 100 })).incidents;
    if (!incident) throw new Error("no incident");

    const stranger = await createTestUser();
    expect((await listIncidents(stranger, { scope: "mine", limit: 100 })).incidents).toEqual([]);
    expect((await listCiRuns(stranger, { connection_id: connection.id, scope: "mine", limit: 50 })).runs).toEqual([]);
    expect((await listDeliveries(stranger, { scope: "mine", limit: 50, offset: 0 })).deliveries).toEqual([]);
    expect(toResponse(await getIncident(stranger, incident.id).catch((error: unknown) => error)).status).toBe(404);
    expect(toResponse(await updateConnection(stranger, connection.id, { is_enabled: false }).catch((error: unknown) => error)).status).toBe(404);
    expect(toResponse(await listConnections(stranger, { kind: "ci_only", scope: "all", limit: 100 }).catch((error: unknown) => error)).status).toBe(403);

    const admin = await db.user.update({ where: { id: (await createTestUser()).id }, data: { role: "admin" } });
    expect((await listIncidents(admin, { scope: "all", limit: 200 })).incidents.map((found) => found.id)).toContain(incident.id);
    expect((await listConnections(admin, { kind: "ci_only", scope: "all", limit: 200 })).connections.map((found) => found.id)).toContain(connection.id);
  });

  it("refuses what makes no sense without a service, and a second watcher of the same CI", async () => {
    const { user, repository, connection } = await watching();
    const refused = async (promise: Promise<unknown>) => {
      const answer = toResponse(await promise.catch((error: unknown) => error));
      return { status: answer.status, body: (await answer.json()) as Record<string, unknown> };
    };

    expect(connectRepositorySchema.safeParse({ provider: "github", repository_full_name: repository, mode: "ci", name: "web" }).error?.issues).toMatchObject([
      { path: ["name"], message: "A CI-only connection makes no service: leave this out, or connect with mode both" },
    ]);
    expect(connectRepositorySchema.safeParse({ provider: "github", repository_full_name: repository, mode: "watch" }).success).toBe(false);

    const twice = await refused(connect(user.id, { provider: "github", repository_full_name: repository, mode: "ci" }));
    expect(twice).toEqual({ status: 409, body: { detail: `The CI of ${repository} is already watched by a CI-only connection: connect with mode deploy, or disconnect that one first` } });
    const both = await refused(connect(user.id, { provider: "github", repository_full_name: repository }));
    expect(both.status).toBe(409);
    const deploying = await connect(user.id, { provider: "github", repository_full_name: repository, mode: "deploy" });
    expect(deploying.service).not.toBeNull();
    expect(deploying.connection).toMatchObject({ deploys: true, watches_ci: false, events: ["push", "pull_request"] });

    expect(await refused(updateConnection(user, connection.id, { branch: "main" }))).toMatchObject({ status: 422, body: { errors: [{ field: "branch" }] } });
    expect(await refused(updateConnection(user, connection.id, { wait_for_ci: true }))).toMatchObject({ status: 422, body: { errors: [{ field: "wait_for_ci" }] } });
    expect(await updateConnection(user, connection.id, { events: ["workflow_run"] })).toMatchObject({ events: ["workflow_run"], branch: null });
  });

  it("watches Gitea Actions: a failed workflow_run with its failed job opens an incident", async () => {
    const repository = `acme/ci-${randomUUID().slice(0, 8)}`;
    await emulator.createRepository("gitea", repository);
    const user = await linkedUser("gitea");
    const { connection } = await connect(user.id, { provider: "gitea", repository_full_name: repository, mode: "ci" });
    const [hook] = emulator.hooks("gitea", repository);
    expect(hook).toMatchObject({ url: "http://localhost:3000/api/webhooks/gitea", events: ["workflow_run", "workflow_job"] });
    const send = (event: string, name: string) => {
      const body = Buffer.from(JSON.stringify(about(repository, JSON.parse(fixture(`gitea-actions/${name}`).toString()) as Record<string, unknown>)));
      const headers = { "content-type": "application/json", "x-gitea-event": event, "x-gitea-delivery": randomUUID(), "x-gitea-signature": hmacHex(hook?.secret ?? "", body) };
      return deliverByRepository("gitea", { body, headers });
    };

    expect((await send("workflow_job", "workflow-job-queued.json")).body).toMatchObject({ status: "processed" });
    expect((await send("workflow_job", "workflow-job-completed.json")).body).toMatchObject({ status: "processed" });
    expect((await send("workflow_run", "workflow-run-completed.json")).body).toMatchObject({ status: "processed", message: expect.stringMatching(/incident opened$/) });
    const [incident] = (await listIncidents(user, { scope: "mine", limit: 100 })).incidents;
    expect(incident).toMatchObject({ state: "open", workflow: "CI", branch: "main", repository });
    expect(incident?.last_run).toMatchObject({ author: "example", failed_jobs: [{ name: "test", url: "http://localhost:3000/example/example/actions/runs/7/jobs/311" }] });
    expect((await listCiRuns(user, { connection_id: connection.id, scope: "mine", limit: 50 })).runs).toHaveLength(1);
  });

  it("leaves the watched list on disconnect, its runs and incidents kept", async () => {
    const { user, connection, send, repository } = await watching();
    await send("workflow_run", workflowRun({ status: "completed", conclusion: "failure", start: 1, update: 4 }));
    expect(await disconnectRepository(user, connection.id, true)).toMatchObject({ webhook_deleted: true });
    expect(emulator.hooks("github", repository)).toHaveLength(0);
    expect((await listConnections(user, { kind: "ci_only", scope: "mine", limit: 100 })).connections).toEqual([]);
    expect((await listIncidents(user, { scope: "mine", limit: 100 })).incidents).toHaveLength(1);
    const late = await deliverByRepository("github", githubDelivery("whatever", "workflow_run", about(repository, workflowRun({ status: "completed", conclusion: "success", start: 5, update: 6 }))));
    expect(late.status).toBe(401);
  });
});
