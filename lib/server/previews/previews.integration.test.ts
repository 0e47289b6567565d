// Pull-request previews end to end on the real Docker engine, driven by the embedded executor, with the
// emulated providers sending their own pull-request deliveries over HTTP: opened → the head commit live at
// its own address with the preview environment only; a new commit → updated; closed → containers, image and
// service gone; the pull request's comment following along. Forks and authors without write access wait for
// approval; the oldest preview stops when the limit is passed; a pull request closed while nobody listened
// is swept.
import { randomUUID } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { db } from "@/lib/server/db";
import { connectRepository } from "@/lib/server/connections/connect-repository";
import { toResponse } from "@/lib/server/http/errors";
import { findContainers, LABELS } from "@/lib/server/runtime/containers";
import { connectDocker } from "@/lib/server/runtime/docker";
import { imageRepositoryFor } from "@/lib/server/runtime/image-names";
import { listRepositoryTags } from "@/lib/server/runtime/images";
import { connectRepositorySchema } from "@/lib/shared/validations/connection";
import { previewSettingsSchema } from "@/lib/shared/validations/preview";
import { emulatorUrls, startProviderEmulator, type EmulatedProvider, type ProviderEmulator } from "@/test/emulator/provider-emulator";
import { settledDeployment } from "@/test/support/deployments";
import { useIsolatedDatabase } from "@/test/support/isolated-database";
import { createSampleRepo } from "@/test/support/sample-repo";
import { createLinkedUser, createTestUser } from "@/test/support/users";
import { waitFor } from "@/test/support/wait-for";
import { startReceiverServer } from "@/test/support/webhooks";
import { inProcessTransport, testExecutor } from "@/test/support/workflow";
import { inngest } from "@/inngest/client";
import { functions } from "@/inngest/index";
import { approvePreview, listPreviews, stopPreview, updatePreviewSettings } from "./manage-previews";
import { sweepClosedPreviews } from "./sweep-previews";
import { OPEN_PREVIEWS_TRACKED, trackPullRequest } from "./track-pull-request";

const docker = connectDocker(undefined);
let emulator: ProviderEmulator;
let receiver: Awaited<ReturnType<typeof startReceiverServer>>;
let executor: ReturnType<typeof testExecutor>;
let dropDatabase: () => Promise<void>;
const serviceIds: string[] = [];

beforeAll(async () => {
  emulator = await startProviderEmulator();
  // Its executor must not take other files' workflow events.
  dropDatabase = await useIsolatedDatabase(emulatorUrls(emulator.url));
  receiver = await startReceiverServer();
  executor = testExecutor(db, inProcessTransport(inngest, functions));
  await executor.start();
});

afterAll(async () => {
  // Previews stopped or closed by the last tests are still being removed: let the executor finish that first.
  await waitFor(async () => (await db.workflowRun.count({ where: { functionId: { endsWith: "remove-service" }, status: "running" } })) === 0, 60_000, "the previews' removal");
  await executor.stop();
  const everything = await db.service.findMany({ where: { OR: [{ id: { in: serviceIds } }, { previewOfId: { in: serviceIds } }] }, select: { id: true } });
  for (const { id } of everything) {
    for (const container of await findContainers(docker, { [LABELS.service]: id })) await docker.getContainer(container.Id).remove({ force: true });
  }
  await receiver.stop();
  await emulator.stop();
  await dropDatabase();
}, 60_000);

// A repository with the sample app on main and on a feature branch, connected to deploy, previews on.
async function previewed(provider: EmulatedProvider, settings: Record<string, unknown> = {}) {
  const repository = `acme/previews-${randomUUID().slice(0, 8)}`;
  await emulator.createRepository(provider, repository);
  const user = await createLinkedUser(emulator, provider);
  const { service } = await connectRepository(
    user.id,
    connectRepositorySchema.parse({
      provider,
      repository_full_name: repository,
      mode: "deploy",
      runtime: { container_port: 8080, health_check_path: "/healthz", health_check_timeout_s: 4, memory_limit_mb: 64, env_vars: { SECRET: "production only", PUBLIC: "shared" } },
    }),
  );
  if (!service) throw new Error("no service was made");
  serviceIds.push(service.id);
  // The hook posts to this process's receivers.
  for (const hook of emulator.hooks(provider, repository)) hook.url = hook.url.replace(/^https?:\/\/[^/]+/, receiver.url);
  await updatePreviewSettings(user, service.id, previewSettingsSchema.parse({ enabled: true, env_vars: { GREETING: "preview" }, shared_env_keys: ["PUBLIC"], ...settings }));
  const repo = await createSampleRepo();
  const commit = async (page: string, branch = "feature") => {
    const sha = await repo.commit("healthy", `page ${page}`, page);
    await repo.pushTo(emulator.gitUrl(provider, repository), branch);
    return sha;
  };
  return { provider, repository, user, service, repo, commit };
}

const previewOf = async (serviceId: string, number: number) => db.preview.findUniqueOrThrow({ where: { serviceId_number: { serviceId, number } } });

// The preview's newest deployment, once it has finished.
async function settledPreview(serviceId: string, number: number) {
  const deployment = await waitFor(
    async () => {
      const preview = await previewOf(serviceId, number);
      return preview.previewServiceId ? db.deployment.findFirst({ where: { serviceId: preview.previewServiceId }, orderBy: { createdAt: "desc" } }) : null;
    },
    20_000,
    `a deployment of pull request #${number}'s preview`,
  );
  return settledDeployment(deployment.id, 90_000);
}

async function page(url: string | null): Promise<string> {
  const response = await fetch(url ?? "");
  return (await response.text()).trim();
}

const comment = (provider: EmulatedProvider, repository: string, number: number, pattern: RegExp) =>
  waitFor(() => Promise.resolve(emulator.pullRequest(provider, repository, number)?.comments.find((candidate) => pattern.test(candidate.body)) ?? null), 15_000, `a comment matching ${pattern}`);

async function removed(previewServiceId: string, slug: string) {
  await waitFor(async () => (await findContainers(docker, { [LABELS.service]: previewServiceId })).length === 0, 30_000, "the preview's containers to go");
  await waitFor(async () => (await listRepositoryTags(docker, imageRepositoryFor(slug))).length === 0, 30_000, "the preview's image to go");
  expect(await db.service.findUnique({ where: { id: previewServiceId } })).toBeNull();
}

describe("pull-request previews", { timeout: 240_000 }, () => {
  it.each(["github", "gitlab", "bitbucket", "gitea"] as const)("%s: opened → live at its own address, moved → updated, closed → removed", async (provider) => {
    const { repository, service, commit } = await previewed(provider);
    const first = await commit("preview one");
    await emulator.openPullRequest(provider, repository, { number: 7, headRef: "feature", headSha: first, title: "Try the new page" });

    const live = await settledPreview(service.id, 7);
    expect(live).toMatchObject({ status: "live", commitSha: first });
    expect(await page(live.url)).toBe("preview one");
    const preview = await previewOf(service.id, 7);
    const child = await db.service.findUniqueOrThrow({ where: { id: preview.previewServiceId ?? "" } });
    expect(child.slug).toBe(`pr-7-${service.slug}`);
    // The preview environment: its own variables and the shared ones, never the production secret.
    const container = await docker.getContainer(live.containerId ?? "").inspect();
    expect(container.Config.Env).toEqual(expect.arrayContaining(["GREETING=preview", "PUBLIC=shared"]));
    expect(container.Config.Env.some((entry) => entry.startsWith("SECRET="))).toBe(false);
    await comment(provider, repository, 7, new RegExp(`is live: ${live.url?.replace(/[.]/g, "\\.")}`));

    const second = await commit("preview two");
    await emulator.pushToPullRequest(provider, repository, 7, second);
    const updated = await waitFor(async () => {
      const latest = await settledPreview(service.id, 7);
      return latest.id !== live.id ? latest : null;
    }, 90_000, "the updated preview");
    expect(updated).toMatchObject({ status: "live", commitSha: second });
    expect(await page(updated.url)).toBe("preview two");
    // One comment, edited in place.
    await comment(provider, repository, 7, /preview two|is live/);
    expect(emulator.pullRequest(provider, repository, 7)?.comments).toHaveLength(1);

    await emulator.closePullRequest(provider, repository, 7, { merged: true });
    await waitFor(async () => (await previewOf(service.id, 7)).state === "closed", 15_000, "the preview to close");
    await removed(child.id, child.slug);
    await comment(provider, repository, 7, /pull request is closed/);
    expect((await listPreviews(await userOf(service.id), service.id)).previews[0]).toMatchObject({ number: 7, state: "closed", url: null });
  });

  it("builds a fork's pull request only once a member approves its head commit, and asks again after a push", async () => {
    const { repository, user, service, commit } = await previewed("github");
    const sha = await commit("from a fork", "refs/pull/8/head");
    await emulator.openPullRequest("github", repository, { number: 8, headRef: "patch-1", headSha: sha, headRepository: "stranger/previews-fork", author: "stranger", authorAssociation: "NONE" });
    await waitFor(async () => (await previewOf(service.id, 8).catch(() => null))?.state === "awaiting_approval", 15_000, "the preview to wait for approval");
    expect((await previewOf(service.id, 8)).previewServiceId).toBeNull();
    await comment("github", repository, 8, /has not built `[0-9a-f]{7}` for \*\*.+\*\*: it comes from a fork \\\(stranger\/previews\\-fork\\\)/);

    const stranger = await createTestUser();
    expect(await approvePreview({ id: stranger.id, role: "member" }, (await previewOf(service.id, 8)).id).then(() => 200, (error: unknown) => toResponse(error).status)).toBe(404);
    await approvePreview(user, (await previewOf(service.id, 8)).id);
    expect((await settledPreview(service.id, 8)).status).toBe("live");

    const next = await commit("fork again", "refs/pull/8/head");
    await emulator.pushToPullRequest("github", repository, 8, next);
    await waitFor(async () => (await previewOf(service.id, 8)).state === "awaiting_approval", 15_000, "the new commit to wait for approval");
    // The approved commit keeps serving meanwhile; the new one is not built.
    expect(await db.deployment.count({ where: { serviceId: (await previewOf(service.id, 8)).previewServiceId ?? "", commitSha: next } })).toBe(0);
  });

  it("waits for approval when the author cannot write to the repository", async () => {
    const { repository, service, commit } = await previewed("github");
    const sha = await commit("drive-by");
    await emulator.openPullRequest("github", repository, { number: 9, headRef: "feature", headSha: sha, author: "drive-by", authorAssociation: "CONTRIBUTOR" });
    await waitFor(async () => (await previewOf(service.id, 9).catch(() => null))?.approvalReason ?? null, 15_000, "the preview to wait");
    expect((await previewOf(service.id, 9)).approvalReason).toBe("drive-by cannot write to the repository");
  });

  it("stops the oldest preview when a fourth opens", async () => {
    const { repository, service, commit } = await previewed("github");
    const sha = await commit("many");
    for (const number of [11, 12, 13, 14]) await emulator.openPullRequest("github", repository, { number, headRef: "feature", headSha: sha });
    await waitFor(async () => (await previewOf(service.id, 11).catch(() => null))?.state === "stopped", 20_000, "the oldest preview to stop");
    const states = await db.preview.findMany({ where: { serviceId: service.id }, orderBy: { number: "asc" } });
    expect(states.map((preview) => [preview.number, preview.state, preview.previewServiceId !== null])).toEqual([
      [11, "stopped", false],
      [12, "active", true],
      [13, "active", true],
      [14, "active", true],
    ]);
    await comment("github", repository, 11, /stopped the preview .*\(at most 3 at once\)/);
  });

  it("removes a preview whose pull request closed while nobody listened, and one stopped by hand", async () => {
    const { repository, user, service, commit } = await previewed("gitea");
    const sha = await commit("sweep me");
    await emulator.openPullRequest("gitea", repository, { number: 21, headRef: "feature", headSha: sha });
    await emulator.openPullRequest("gitea", repository, { number: 22, headRef: "feature", headSha: sha });
    await settledPreview(service.id, 21);
    await emulator.closePullRequest("gitea", repository, 21, { deliver: false });
    const swept = await sweepClosedPreviews();
    expect(swept.removed).toBeGreaterThanOrEqual(1);
    expect((await previewOf(service.id, 21)).state).toBe("closed");
    await stopPreview(user, (await previewOf(service.id, 22)).id);
    expect(await previewOf(service.id, 22)).toMatchObject({ state: "stopped", previewServiceId: null });
  });

  it("tracks at most 100 open pull requests of a service, so a flood of them grows nothing more", async () => {
    const { service } = await previewed("github");
    const fork = (number: number) => ({ action: "open" as const, number, title: "spam", author: "spammer", headSha: "b".repeat(40), headRef: "spam", headRepository: "spammer/fork", baseRepository: "x/y", authorCanWrite: false });
    for (let number = 1; number <= OPEN_PREVIEWS_TRACKED; number++) expect((await trackPullRequest(service.id, fork(number))).status).toBe("processed");
    expect(await trackPullRequest(service.id, fork(1000))).toEqual({ status: "ignored", message: `${service.name} already tracks 100 open pull requests: #1000 gets no preview until some close` });
    expect(await db.preview.count({ where: { serviceId: service.id } })).toBe(OPEN_PREVIEWS_TRACKED);
  });

  it("builds nothing while previews are off, and answers why", async () => {
    const { repository, user, service, commit } = await previewed("github");
    await updatePreviewSettings(user, service.id, previewSettingsSchema.parse({ enabled: false }));
    const sha = await commit("off");
    await emulator.openPullRequest("github", repository, { number: 31, headRef: "feature", headSha: sha });
    const answered = emulator.deliveries.filter((delivery) => delivery.url.startsWith(receiver.url)).at(-1);
    expect(answered).toMatchObject({ status: 200 });
    expect(JSON.parse(answered?.body ?? "{}")).toMatchObject({ status: "ignored", message: `Previews are off for ${service.name}: pull request #31 builds nothing` });
    expect(await db.preview.count({ where: { serviceId: service.id } })).toBe(0);
  });
});

async function userOf(serviceId: string) {
  const service = await db.service.findUniqueOrThrow({ where: { id: serviceId }, include: { owner: true } });
  return { id: service.owner.id, role: service.owner.role };
}
