// Deployments told to the repository's provider, as the emulated GitHub, GitLab, Bitbucket and Gitea receive
// them: each provider's own states for queued → building → live, the link to Berth's deployment page and
// the live URL; a failed health check as a failure; a provider's refusal recorded while the deploy goes live.
import { randomUUID } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { db } from "@/lib/server/db";
import { connectRepository } from "@/lib/server/connections/connect-repository";
import { findContainers, LABELS } from "@/lib/server/runtime/containers";
import { connectDocker } from "@/lib/server/runtime/docker";
import { connectRepositorySchema } from "@/lib/shared/validations/connection";
import { emulatorUrls, startProviderEmulator, type EmulatedProvider, type ProviderEmulator } from "@/test/emulator/provider-emulator";
import { settledDeployment } from "@/test/support/deployments";
import { useIsolatedDatabase } from "@/test/support/isolated-database";
import { createSampleRepo } from "@/test/support/sample-repo";
import { createLinkedUser } from "@/test/support/users";
import { inProcessTransport, testExecutor } from "@/test/support/workflow";
import { waitFor } from "@/test/support/wait-for";
import { randomSha, startReceiverServer } from "@/test/support/webhooks";
import { inngest } from "@/inngest/client";
import { functions } from "@/inngest/index";
import { reportCommitStatus, reportUnreachable } from "./report-commit-status";

const docker = connectDocker(undefined);
let emulator: ProviderEmulator;
let executor: ReturnType<typeof testExecutor> | undefined;
let dropDatabase: () => Promise<void>;
const serviceIds: string[] = [];

beforeAll(async () => {
  emulator = await startProviderEmulator();
  // Its executor must not take other files' workflow events.
  dropDatabase = await useIsolatedDatabase(emulatorUrls(emulator.url));
});

afterAll(async () => {
  await executor?.stop();
  for (const serviceId of serviceIds) {
    for (const container of await findContainers(docker, { [LABELS.service]: serviceId })) await docker.getContainer(container.Id).remove({ force: true });
  }
  await emulator.stop();
  await dropDatabase();
}, 60_000);

async function connectedService(provider: EmulatedProvider) {
  const repository = `acme/status-${randomUUID().slice(0, 8)}`;
  await emulator.createRepository(provider, repository);
  const user = await createLinkedUser(emulator, provider);
  const { service } = await connectRepository(user.id, connectRepositorySchema.parse({ provider, repository_full_name: repository, mode: "deploy", runtime: { container_port: 8080, health_check_path: "/healthz", health_check_timeout_s: 4 } }));
  if (!service) throw new Error("no service was made");
  serviceIds.push(service.id);
  return { repository, user, service };
}

// A deployment moved through the states the workflow writes, reported after each.
async function walk(serviceId: string, statuses: { status: "queued" | "building" | "deploying" | "live" | "rolled_back"; url?: string; containerId?: string }[]) {
  const deployment = await db.deployment.create({ data: { serviceId, trigger: "webhook", commitSha: randomSha(), status: "queued" } });
  const outcomes = [];
  for (const step of statuses) {
    await db.deployment.update({ where: { id: deployment.id }, data: step });
    outcomes.push((await reportCommitStatus(deployment.id)).outcome);
  }
  return { deployment, outcomes };
}

const page = (id: string) => `http://localhost:3000/deployments/${id}`;

describe("commit statuses", () => {
  it.each([
    ["github", ["pending", "pending", "success"], "berth/"],
    ["gitlab", ["pending", "running", "success"], "berth/"],
    ["bitbucket", ["INPROGRESS", "INPROGRESS", "SUCCESSFUL"], "berth-"],
    ["gitea", ["pending", "pending", "success"], "berth/"],
  ] as const)("%s receives its own states for queued → building → live, linking the deployment", async (provider, states, contextPrefix) => {
    const { repository, service } = await connectedService(provider);
    const { deployment, outcomes } = await walk(service.id, [{ status: "queued" }, { status: "building" }, { status: "deploying" }, { status: "live", url: "http://web.localhost" }]);
    // Building and deploying are one state at the provider: the second is not sent again.
    expect(outcomes).toEqual(["sent", "sent", "unchanged", "sent"]);
    const commitStatuses = emulator.statuses.received(provider, repository).filter((status) => status.kind === "commit_status");
    expect(commitStatuses.map((status) => status.state)).toEqual(states);
    for (const status of commitStatuses) {
      expect(status).toMatchObject({ sha: deployment.commitSha, context: `${contextPrefix}${service.name}`, targetUrl: page(deployment.id) });
    }
    expect(commitStatuses.at(-1)?.description).toBe("Live at http://web.localhost");
    const reports = await db.commitStatusReport.findMany({ where: { deploymentId: deployment.id }, orderBy: { createdAt: "asc" } });
    expect(reports.map((report) => [report.state, report.outcome])).toEqual([["pending", "sent"], ["running", "sent"], ["success", "sent"]]);
  });

  it("makes one GitHub deployment per Berth deployment, its statuses carrying the log and environment URLs", async () => {
    const { repository, service } = await connectedService("github");
    const { deployment } = await walk(service.id, [{ status: "queued" }, { status: "building" }, { status: "live", url: "http://web.localhost" }]);
    const received = emulator.statuses.received("github", repository);
    const created = received.filter((status) => status.kind === "deployment");
    expect(created).toHaveLength(1);
    expect(created[0]).toMatchObject({ sha: deployment.commitSha, environment: "production" });
    const deploymentStatuses = received.filter((status) => status.kind === "deployment_status");
    expect(deploymentStatuses.map((status) => status.state)).toEqual(["queued", "in_progress", "success"]);
    expect(deploymentStatuses.every((status) => status.deploymentId === created[0]?.deploymentId && status.targetUrl === page(deployment.id))).toBe(true);
    expect(deploymentStatuses.at(-1)?.environmentUrl).toBe("http://web.localhost");
    expect((await db.deployment.findUniqueOrThrow({ where: { id: deployment.id } })).providerDeploymentId).toBe(String(created[0]?.deploymentId));
  });

  it.each(["github", "gitlab", "bitbucket", "gitea"] as const)("%s hears a failed health check as a failure, in public words", async (provider) => {
    const { repository, service } = await connectedService(provider);
    await walk(service.id, [{ status: "queued" }, { status: "deploying", containerId: "c1" }, { status: "rolled_back" }]);
    const last = emulator.statuses.received(provider, repository).filter((status) => status.kind === "commit_status").at(-1);
    expect(last).toMatchObject({ state: { github: "failure", gitlab: "failed", bitbucket: "FAILED", gitea: "failure" }[provider], description: "Health check failed: rolled back, the previous version serves" });
  });

  it("records a refusal instead of throwing, and says nothing twice for one state", async () => {
    const { repository, service } = await connectedService("gitlab");
    emulator.statuses.refuse("gitlab", repository);
    const { deployment, outcomes } = await walk(service.id, [{ status: "queued" }, { status: "queued" }]);
    expect(outcomes).toEqual(["refused", "unchanged"]);
    const [report] = await db.commitStatusReport.findMany({ where: { deploymentId: deployment.id } });
    expect(report).toMatchObject({ provider: "gitlab", state: "pending", outcome: "refused" });
    expect(report?.detail).toMatch(/GitLab refused: 403 Forbidden \(you need Developer access to the project\)/);
    expect(emulator.statuses.received("gitlab", repository)).toHaveLength(0);
  });

  it("throws while the provider does not answer (the step retries), and records it unreachable after the last try", async () => {
    const { service } = await connectedService("gitea");
    const deployment = await db.deployment.create({ data: { serviceId: service.id, trigger: "webhook", commitSha: randomSha(), status: "queued" } });
    emulator.setDown("gitea", true);
    try {
      await expect(reportCommitStatus(deployment.id)).rejects.toThrow(/Gitea answered 503/);
    } finally {
      emulator.setDown("gitea", false);
    }
    await reportUnreachable(deployment.id, "Gitea answered 503: Service Unavailable");
    expect(await db.commitStatusReport.findFirst({ where: { deploymentId: deployment.id } })).toMatchObject({ outcome: "unreachable", state: "pending" });
    // Unreachable is not "said": the next report of the same state is still sent.
    expect((await reportCommitStatus(deployment.id)).outcome).toBe("sent");
  });

  it("skips services without a provider connection and deployments whose commit is not known yet", async () => {
    const { service } = await connectedService("github");
    const headless = await db.deployment.create({ data: { serviceId: service.id, trigger: "deploy_hook", status: "queued" } });
    expect(await reportCommitStatus(headless.id)).toMatchObject({ outcome: "skipped", detail: "The commit is not known yet" });
    expect(await reportCommitStatus("no-such-deployment")).toMatchObject({ outcome: "skipped" });
  });
});

describe("commit statuses from a push through the deploy workflow", { timeout: 240_000 }, () => {
  let receiver: Awaited<ReturnType<typeof startReceiverServer>>;

  beforeAll(async () => {
    receiver = await startReceiverServer();
    executor = testExecutor(db, inProcessTransport(inngest, functions));
    await executor.start();
  });

  afterAll(async () => {
    await receiver.stop();
  });

  // The provider's push delivery (over HTTP, to this process's receivers) deploys the commit.
  async function pushed(provider: EmulatedProvider, refuse: boolean, apps: ("healthy" | "unhealthy")[] = ["healthy"]) {
    const { repository, service } = await connectedService(provider);
    for (const hook of emulator.hooks(provider, repository)) hook.url = hook.url.replace(/^https?:\/\/[^/]+/, receiver.url);
    if (refuse) emulator.statuses.refuse(provider, repository);
    const repo = await createSampleRepo();
    try {
      let last;
      for (const app of apps) {
        const sha = await repo.commit(app, `${app} version`, app);
        await repo.pushTo(emulator.gitUrl(provider, repository));
        const queued = await waitFor(() => db.deployment.findFirst({ where: { serviceId: service.id, commitSha: sha } }), 15_000, "the pushed commit's deployment");
        expect(queued.trigger).toBe("webhook");
        last = { repository, sha, deployment: await settledDeployment(queued.id, 90_000) };
      }
      if (!last) throw new Error("nothing was pushed");
      return last;
    } finally {
      await repo.remove();
    }
  }

  // Each report sends the deployment's state as it is then: one that ran late skips what has passed, never back.
  const inOrder = (states: string[], order: string[]) => {
    const ranks = states.map((state) => order.indexOf(state));
    return ranks.every((rank, index) => rank >= 0 && (index === 0 || rank > (ranks[index - 1] ?? -1)));
  };

  it.each([
    ["github", ["pending", "success"]],
    ["gitlab", ["pending", "running", "success"]],
    ["bitbucket", ["INPROGRESS", "SUCCESSFUL"]],
    ["gitea", ["pending", "success"]],
  ] as const)("a push to %s goes from pending to success on its commit, linking the deployment and its URL", async (provider, order) => {
    const { repository, sha, deployment } = await pushed(provider, false);
    expect(deployment.status).toBe("live");
    const commitStatuses = () => emulator.statuses.received(provider, repository).filter((status) => status.kind === "commit_status");
    await waitFor(() => Promise.resolve(commitStatuses().at(-1)?.state === order.at(-1)), 15_000, "the success status");
    const states = commitStatuses().map((status) => status.state);
    expect(inOrder(states.filter((state, index) => state !== states[index - 1]), [...order])).toBe(true);
    expect(commitStatuses().at(-1)).toMatchObject({ sha, targetUrl: page(deployment.id), description: `Live at ${deployment.url}` });
    if (provider === "github") {
      const deploymentStatuses = emulator.statuses.received("github", repository).filter((status) => status.kind === "deployment_status");
      expect(inOrder(deploymentStatuses.map((status) => status.state), ["queued", "in_progress", "success"])).toBe(true);
      expect(deploymentStatuses.at(-1)).toMatchObject({ sha, environmentUrl: deployment.url, targetUrl: page(deployment.id) });
    }
  });

  it("a push that fails its health check ends as a failure on its commit", async () => {
    const { repository, sha, deployment } = await pushed("github", false, ["healthy", "unhealthy"]);
    expect(deployment.status).toBe("rolled_back");
    const onCommit = () => emulator.statuses.received("github", repository).filter((status) => status.kind === "commit_status" && status.sha === sha);
    await waitFor(() => Promise.resolve(onCommit().at(-1)?.state === "failure"), 15_000, "the failure status");
    expect(onCommit().at(-1)).toMatchObject({ description: "Health check failed: rolled back, the previous version serves", targetUrl: page(deployment.id) });
  });

  it("a provider refusing statuses is recorded on the deployment, which still goes live", async () => {
    const { deployment } = await pushed("bitbucket", true);
    expect(deployment.status).toBe("live");
    const reports = await waitFor(
      async () => {
        const rows = await db.commitStatusReport.findMany({ where: { deploymentId: deployment.id }, orderBy: { createdAt: "asc" } });
        return rows.at(-1)?.state === "success" ? rows : null;
      },
      15_000,
      "the refusal of the success status",
    );
    expect(reports.every((report) => report.outcome === "refused")).toBe(true);
    expect(reports[0]?.detail).toMatch(/^Bitbucket refused: You do not have access to this resource\./);
  });
});
