import { randomUUID } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { toResponse } from "@/lib/server/http/errors";
import { sealedFields, secretBox } from "@/lib/server/crypto";
import { db } from "@/lib/server/db";
import { connectRepositorySchema } from "@/lib/shared/validations/connection";
import { getWebhookSetup } from "@/lib/server/connections/webhook-setup";
import { emulatorUrls, startProviderEmulator, type EmulatedProvider, type ProviderEmulator } from "@/test/emulator/provider-emulator";
import { createSampleRepo } from "@/test/support/sample-repo";
import { createLinkedUser, createTestUser } from "@/test/support/users";
import { githubDelivery } from "@/test/support/github-delivery";
import { deliver, pushPayload, randomSha } from "@/test/support/webhooks";
import { connectRepository } from "./connect-repository";
import { disconnectRepository } from "./disconnect-repository";
import { retryWebhook } from "./install-webhook";
import { rotateSecret } from "./rotate-secret";
import { setupServiceWebhook } from "./service-webhook";
import { updateConnection } from "./update-connection";

let emulator: ProviderEmulator;

beforeAll(async () => {
  emulator = await startProviderEmulator();
  // lib/server/env reads these on first use, which comes after this.
  Object.assign(process.env, emulatorUrls(emulator.url));
});

afterAll(async () => {
  await emulator.stop();
});

const linkedUser = (provider: EmulatedProvider, scopes?: string[]) => createLinkedUser(emulator, provider, scopes);

// Connects to deploy (and watch CI: mode both, the default), so a service is made.
async function connect(userId: string, provider: EmulatedProvider, repository: string, extra: Record<string, unknown> = {}) {
  const { service, connection } = await connectRepository(userId, connectRepositorySchema.parse({ provider, repository_full_name: repository, ...extra }));
  if (!service) throw new Error("connecting to deploy made no service");
  return { service, connection };
}

const repoName = () => `acme/app-${randomUUID().slice(0, 8)}`;

describe("connecting a repository", () => {
  it("creates the service, the connection and exactly one provider hook whose secret verifies", async () => {
    const repository = repoName();
    await emulator.createRepository("github", repository, "trunk");
    const user = await linkedUser("github");
    const { service, connection } = await connect(user.id, "github", repository);

    expect(service).toMatchObject({ provider: "github", repository_full_name: repository, branch: "trunk", clone_url: emulator.gitUrl("github", repository) });
    expect(connection).toMatchObject({ webhook_status: "active", events: ["push", "pull_request", "workflow_run", "workflow_job"], branch: "trunk", last_error: null });
    expect(connection.webhook_created_at).not.toBeNull();
    expect(JSON.stringify(connection)).not.toMatch(/secret"/);

    const hooks = emulator.hooks("github", repository);
    expect(hooks).toHaveLength(1);
    expect(hooks[0]).toMatchObject({ id: connection.webhook_id, url: `http://localhost:3000/api/webhooks/github/${service.id}`, events: ["push", "pull_request", "workflow_run", "workflow_job"] });
    expect((await getWebhookSetup(user, service.id, "github")).secret).toBe(hooks[0]?.secret);

    const answer = await deliver("github", service.id, githubDelivery(hooks[0]?.secret ?? "", "push", pushPayload("trunk", randomSha())));
    expect(answer.status).toBe(202);
  });

  it("creates GitLab, Bitbucket and Gitea hooks in their own shapes", async () => {
    for (const provider of ["gitlab", "bitbucket", "gitea"] as const) {
      const repository = repoName();
      await emulator.createRepository(provider, repository);
      const user = await linkedUser(provider);
      const { service, connection } = await connect(user.id, provider, repository);
      expect(connection.webhook_status).toBe("active");
      expect(service.clone_url).toBe(emulator.gitUrl(provider, repository));
      const [hook] = emulator.hooks(provider, repository);
      expect(hook).toMatchObject({ url: `http://localhost:3000/api/webhooks/${provider}/${service.id}`, events: {
          bitbucket: ["repo:push", "pullrequest:created", "pullrequest:updated", "pullrequest:fulfilled", "pullrequest:rejected", "repo:commit_status_created", "repo:commit_status_updated"],
          gitlab: ["push", "pull_request", "pipeline"],
          gitea: ["push", "pull_request", "workflow_run", "workflow_job"],
        }[provider] });
    }
  });

  it("keeps the connection as failed when the provider is down, and a retry installs the hook", async () => {
    const repository = repoName();
    await emulator.createRepository("github", repository);
    const user = await linkedUser("github");
    emulator.setDown("github", true);
    const { service, connection } = await connect(user.id, "github", repository, { branch: "main" });
    emulator.setDown("github", false);
    expect(connection).toMatchObject({ webhook_status: "failed", webhook_id: null, last_error: expect.stringContaining("GitHub answered 503") });
    expect(service.clone_url).toBe(`${emulator.url}/${repository}.git`);
    expect(emulator.hooks("github", repository)).toEqual([]);

    const retried = await retryWebhook(user, connection.id);
    expect(retried.webhook_status).toBe("active");
    expect(emulator.hooks("github", repository)).toHaveLength(1);
    expect(emulator.hooks("github", repository)[0]?.url).toContain(service.id);
  });

  it.each([
    ["github", ["read:user", "user:email"], "GitHub token lacks the 'admin:repo_hook' scope"],
    ["gitlab", ["read_user"], "GitLab token lacks the 'api' scope"],
    ["bitbucket", ["account", "repository"], "Bitbucket token lacks the 'webhook' scope"],
    ["gitea", ["read:user"], "Gitea token lacks the 'write:repository' scope"],
  ] as const)("names the missing %s scope", async (provider, scopes, message) => {
    const repository = repoName();
    await emulator.createRepository(provider, repository);
    const user = await linkedUser(provider, [...scopes]);
    const { connection } = await connect(user.id, provider, repository);
    expect(connection.webhook_status).toBe("failed");
    expect(connection.last_error).toContain(message);
  });

  it("gives two users connecting one repository separate hooks and secrets", async () => {
    const repository = repoName();
    await emulator.createRepository("github", repository);
    const first = await connect((await linkedUser("github")).id, "github", repository);
    const second = await connect((await linkedUser("github")).id, "github", repository);
    const hooks = emulator.hooks("github", repository);
    expect(hooks).toHaveLength(2);
    expect(new Set(hooks.map((hook) => hook.url))).toEqual(new Set([first, second].map(({ service }) => `http://localhost:3000/api/webhooks/github/${service.id}`)));
    expect(hooks[0]?.secret).not.toBe(hooks[1]?.secret);
  });

  it("says when no provider account is linked", async () => {
    const user = await createTestUser();
    const failure = await connect(user.id, "gitlab", "acme/anything").catch((error: unknown) => error);
    const answer = toResponse(failure);
    expect(answer.status).toBe(403);
    expect(await answer.json()).toEqual({ detail: "No GitLab account is linked: sign in with GitLab first" });
  });
});

describe("managing a connection", () => {
  async function connected() {
    const repository = repoName();
    await emulator.createRepository("github", repository);
    const user = await linkedUser("github");
    const result = await connect(user.id, "github", repository, { branch: "main" });
    return { user, repository, ...result };
  }

  it("updates the provider hook's events and the branch", async () => {
    const { user, repository, connection } = await connected();
    const updated = await updateConnection(user, connection.id, { events: ["push"], branch: "release", is_enabled: false });
    expect(updated).toMatchObject({ events: ["push"], branch: "release", is_enabled: false });
    expect(emulator.hooks("github", repository)[0]?.events).toEqual(["push"]);
  });

  it("rotates the secret at the provider; the old one verifies for 10 minutes, then not", async () => {
    const { user, repository, service, connection } = await connected();
    const old = emulator.hooks("github", repository)[0]?.secret ?? "";
    const rotated = await rotateSecret(user, connection.id);
    expect(rotated.secret_rotated_at).not.toBeNull();
    const fresh = emulator.hooks("github", repository)[0]?.secret ?? "";
    expect(fresh).not.toBe(old);
    expect((await getWebhookSetup(user, service.id, "github")).secret).toBe(fresh);

    expect((await deliver("github", service.id, githubDelivery(old, "push", pushPayload("main", randomSha())))).status).toBe(202);
    await db.repositoryConnection.update({ where: { id: connection.id }, data: { secretRotatedAt: new Date(Date.now() - 11 * 60_000) } });
    expect((await deliver("github", service.id, githubDelivery(old, "push", pushPayload("main", randomSha())))).status).toBe(401);
    expect((await deliver("github", service.id, githubDelivery(fresh, "push", pushPayload("main", randomSha())))).status).toBe(202);
  });

  it("disconnects: removes the hook (a 404 at the provider counts as removed), wipes the secret, refuses deliveries", async () => {
    const { user, repository, service, connection } = await connected();
    const secret = emulator.hooks("github", repository)[0]?.secret ?? "";
    const result = await disconnectRepository(user, connection.id, true);
    expect(result).toEqual({
      success: true,
      connection_id: connection.id,
      repository_full_name: repository,
      webhook_deleted: true,
      message: `Disconnected ${repository}; its webhook was removed`,
    });
    expect(emulator.hooks("github", repository)).toEqual([]);
    const stored = await db.repositoryConnection.findUniqueOrThrow({ where: { id: connection.id }, omit: { webhookSecretEncrypted: false } });
    expect(stored).toMatchObject({ webhookStatus: "inactive", webhookSecretEncrypted: null });
    expect((await deliver("github", service.id, githubDelivery(secret, "push", pushPayload("main", randomSha())))).status).toBe(401);

    const again = await connected();
    emulator.hooks("github", again.repository).splice(0);
    expect((await disconnectRepository(again.user, again.connection.id, true)).webhook_deleted).toBe(true);
  });

  it("disconnects even when the provider cannot be reached, and says so", async () => {
    const { user, connection } = await connected();
    emulator.setDown("github", true);
    const result = await disconnectRepository(user, connection.id, true);
    emulator.setDown("github", false);
    expect(result.success).toBe(true);
    expect(result.webhook_deleted).toBe(false);
    expect(result.message).toContain("the provider's webhook was not removed: GitHub answered 503");
  });

  it("sets up a hook for a service made without OAuth, once the owner has a linked account", async () => {
    const repository = repoName();
    await emulator.createRepository("gitlab", repository);
    const user = await linkedUser("gitlab");
    const { createService } = await import("@/lib/server/services/create-service");
    const { createServiceSchema } = await import("@/lib/shared/validations/service");
    const service = await createService(user.id, createServiceSchema.parse({ name: `manual-${randomUUID().slice(0, 6)}`, provider: "gitlab", repository_full_name: repository, clone_url: "https://gitlab.example.com/x.git" }));
    const connection = await setupServiceWebhook(user, service.id, "gitlab");
    expect(connection.webhook_status).toBe("active");
    const [hook] = emulator.hooks("gitlab", repository);
    expect(hook?.url).toBe(`http://localhost:3000/api/webhooks/gitlab/${service.id}`);
    const body = Buffer.from(JSON.stringify({ object_kind: "push", ref: "refs/heads/main", after: randomSha(), project: { path_with_namespace: repository }, commits: [] }));
    expect((await deliver("gitlab", service.id, { body, headers: { "content-type": "application/json", "x-gitlab-event": "Push Hook", "x-gitlab-token": hook?.secret ?? "" } })).status).toBe(202);
  });
});

describe("provider accounts", () => {
  it("lists and searches the user's repositories at each provider", async () => {
    const { providerClientFor } = await import("@/lib/server/providers/provider-client");
    const marker = randomUUID().slice(0, 6);
    for (const provider of ["github", "gitlab", "bitbucket", "gitea"] as const) {
      await emulator.createRepository(provider, `acme/search-${marker}`, "develop");
      const client = await providerClientFor((await linkedUser(provider)).id, provider);
      const all = await client.listRepositories({ page: 1, perPage: 100 });
      expect(all.repositories.map((repository) => repository.fullName)).toContain(`acme/search-${marker}`);
      const found = await client.listRepositories({ search: `search-${marker}`, page: 1, perPage: 10 });
      expect(found.repositories).toEqual([expect.objectContaining({ fullName: `acme/search-${marker}`, defaultBranch: "develop", private: true })]);
      expect(found.repositories[0]?.cloneUrl).toBe(emulator.gitUrl(provider, `acme/search-${marker}`));
    }
  });

  it("lists a repository's branches at each provider", async () => {
    const { providerClientFor } = await import("@/lib/server/providers/provider-client");
    const local = await createSampleRepo();
    try {
      await local.commit("healthy", "first");
      for (const provider of ["github", "gitlab", "bitbucket", "gitea"] as const) {
        const repository = repoName();
        await emulator.createRepository(provider, repository);
        for (const branch of ["main", "release/1.x"]) await local.pushTo(emulator.gitUrl(provider, repository), branch);
        const client = await providerClientFor((await linkedUser(provider)).id, provider);
        expect((await client.listBranches(repository)).sort()).toEqual(["main", "release/1.x"]);
        await expect(client.listBranches("acme/no-such-repository")).rejects.toMatchObject({ kind: "not_found" });
      }
    } finally {
      await local.remove();
    }
  });

  it("refreshes an expired token with the refresh token, and stores the new one sealed", async () => {
    const repository = repoName();
    await emulator.createRepository("gitlab", repository);
    const user = await createTestUser();
    const box = secretBox();
    const id = randomUUID();
    const account = await db.account.create({
      data: {
        id,
        userId: user.id,
        type: "oauth",
        provider: "gitlab",
        providerAccountId: randomUUID(),
        access_token: box.encrypt("gitlab-token-long-expired", sealedFields.account("access_token", id)),
        refresh_token: box.encrypt(emulator.issueRefreshToken("gitlab"), sealedFields.account("refresh_token", id)),
        expires_at: Math.floor(Date.now() / 1000) - 60,
      },
    });
    const { connection } = await connect(user.id, "gitlab", repository);
    expect(connection.webhook_status).toBe("active");
    const stored = await db.account.findUniqueOrThrow({ where: { id: account.id }, omit: { access_token: false, refresh_token: false } });
    expect(box.decrypt(stored.access_token ?? "", sealedFields.account("access_token", id))).toMatch(/^gitlab-token-/);
    expect(box.decrypt(stored.access_token ?? "", sealedFields.account("access_token", id))).not.toBe("gitlab-token-long-expired");
    expect(stored.expires_at).toBeGreaterThan(Date.now() / 1000);
  });

  it("shows a connection to its owner only", async () => {
    const repository = repoName();
    await emulator.createRepository("github", repository);
    const owner = await linkedUser("github");
    const { connection } = await connect(owner.id, "github", repository);
    const stranger = await linkedUser("github");
    const { getConnection } = await import("./get-connection");
    expect((await getConnection(owner, connection.id)).id).toBe(connection.id);
    for (const attempt of [
      () => getConnection(stranger, connection.id),
      () => updateConnection(stranger, connection.id, { is_enabled: false }),
      () => rotateSecret(stranger, connection.id),
      () => disconnectRepository(stranger, connection.id, true),
      () => retryWebhook(stranger, connection.id),
    ]) {
      await expect(attempt()).rejects.toThrow(`Connection ${connection.id} not found`);
    }
    expect(emulator.hooks("github", repository)).toHaveLength(1);
  });
});
