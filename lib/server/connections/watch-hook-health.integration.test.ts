// Hooks that stop delivering, as the emulated providers report them through their APIs: GitLab's disabled hook
// (alert_status) and GitHub's failing one (last_response) turn the connection failed with the provider's reason
// and tell the owner once; re-enabling switches the hook on at the provider in place; a recovered hook clears it.
import { randomUUID } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { db } from "@/lib/server/db";
import { connectRepository } from "@/lib/server/connections/connect-repository";
import { connectRepositorySchema } from "@/lib/shared/validations/connection";
import { emulatorUrls, startProviderEmulator, type EmulatedProvider, type ProviderEmulator } from "@/test/emulator/provider-emulator";
import { useIsolatedDatabase } from "@/test/support/isolated-database";
import { createLinkedUser } from "@/test/support/users";
import { reenableWebhook, watchHookHealth } from "./watch-hook-health";

let emulator: ProviderEmulator;
let dropDatabase: () => Promise<void>;

beforeAll(async () => {
  emulator = await startProviderEmulator();
  dropDatabase = await useIsolatedDatabase(emulatorUrls(emulator.url));
});

afterAll(async () => {
  await emulator.stop();
  await dropDatabase();
});

async function connected(provider: EmulatedProvider) {
  const repository = `acme/hooks-${randomUUID().slice(0, 8)}`;
  await emulator.createRepository(provider, repository);
  const user = await createLinkedUser(emulator, provider);
  const { service, connection } = await connectRepository(user.id, connectRepositorySchema.parse({ provider, repository_full_name: repository, mode: "deploy" }));
  expect(connection.webhook_status).toBe("active");
  const [hook] = emulator.hooks(provider, repository);
  if (!hook || !service) throw new Error("no hook was installed");
  return { repository, user, service, connectionId: connection.id, hook };
}

const connectionOf = (id: string) => db.repositoryConnection.findUniqueOrThrow({ where: { id } });

describe("watching the providers' hooks", () => {
  it("fails a connection whose hook GitLab disabled, tells its owner once, and re-enables it at GitLab", async () => {
    const { repository, user, service, connectionId, hook } = await connected("gitlab");
    expect((await watchHookHealth()).failed).toEqual([]);

    hook.disabled = { state: "disabled", until: null };
    expect((await watchHookHealth()).failed).toEqual([repository]);
    expect(await connectionOf(connectionId)).toMatchObject({ webhookStatus: "failed", lastError: "The provider's hook: GitLab disabled the hook after its deliveries kept failing" });
    expect((await watchHookHealth()).failed).toEqual([]);
    const told = await db.notification.findMany({ where: { serviceId: service.id, type: "webhook_failed" } });
    expect(told.map((notification) => notification.message)).toEqual([
      `The GitLab webhook of ${repository} no longer delivers pushes: GitLab disabled the hook after its deliveries kept failing. Re-enable it on the service's page.`,
    ]);

    const answer = await reenableWebhook(user, connectionId);
    expect(answer).toMatchObject({ webhook_status: "active", last_error: null });
    expect(hook.disabled).toBeUndefined();
    expect(emulator.hooks("gitlab", repository)).toHaveLength(1);
  });

  it("says until when GitLab paused a hook", async () => {
    const { connectionId, hook } = await connected("gitlab");
    hook.disabled = { state: "temporarily_disabled", until: "2026-11-29T12:00:00Z" };
    await watchHookHealth();
    expect((await connectionOf(connectionId)).lastError).toBe("The provider's hook: GitLab paused the hook after failed deliveries until 2026-11-29T12:00:00Z");
  });

  it("fails a connection whose GitHub hook's last delivery failed, and clears it once deliveries succeed again", async () => {
    const { repository, connectionId, hook } = await connected("github");
    hook.lastStatus = 500;
    expect((await watchHookHealth()).failed).toContain(repository);
    expect((await connectionOf(connectionId)).lastError).toBe("The provider's hook: GitHub's last delivery got HTTP 500: Invalid HTTP Response: 500");
    hook.lastStatus = 202;
    expect((await watchHookHealth()).recovered).toContain(repository);
    expect(await connectionOf(connectionId)).toMatchObject({ webhookStatus: "active", lastError: null });
  });

  it("fails a connection whose hook was deleted at the provider, and leaves failures it did not find alone", async () => {
    const gitea = await connected("gitea");
    emulator.hooks("gitea", gitea.repository).splice(0);
    await watchHookHealth();
    expect((await connectionOf(gitea.connectionId)).lastError).toBe("The provider's hook: The hook no longer exists at Gitea");

    const bitbucket = await connected("bitbucket");
    await db.repositoryConnection.update({ where: { id: bitbucket.connectionId }, data: { webhookStatus: "failed", lastError: "Installing the hook was refused" } });
    await watchHookHealth();
    expect(await connectionOf(bitbucket.connectionId)).toMatchObject({ webhookStatus: "failed", lastError: "Installing the hook was refused" });
  });
});
