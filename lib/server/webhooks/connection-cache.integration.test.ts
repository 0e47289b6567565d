// The receiver keeps each service's connection row between deliveries (one statement per delivery instead of two).
// Another instance — here: a direct write, which this process's cache does not see — changes the row; no delivery
// may then be verified with a secret or decided on a branch that is no longer the row's.
import { randomUUID } from "node:crypto";
import { describe, expect, it } from "vitest";
import { db } from "@/lib/server/db";
import { githubDelivery } from "@/test/support/github-delivery";
import { deliver, pushPayload, randomSha, serviceWithWebhook } from "@/test/support/webhooks";
import { sealWebhookSecret } from "./webhook-secret";

// A service whose connection this process has read and kept: one push answered.
async function cachedService(branch = "main") {
  const setup = await serviceWithWebhook({ branch });
  expect((await deliver("github", setup.service.id, githubDelivery(setup.secret, "push", pushPayload(branch, randomSha())))).status).toBe(202);
  const connection = await db.repositoryConnection.findUniqueOrThrow({ where: { serviceId: setup.service.id } });
  return { ...setup, connectionId: connection.id };
}

const deploymentCount = (serviceId: string) => db.deployment.count({ where: { serviceId } });

describe("a connection changed elsewhere after this process read it", () => {
  it("a secret replaced without a grace period: the old one is refused, the new one verifies", async () => {
    const { service, secret, connectionId } = await cachedService();
    const replacement = randomUUID();
    await db.repositoryConnection.update({
      where: { id: connectionId },
      data: { webhookSecretEncrypted: sealWebhookSecret(replacement, connectionId), previousSecretEncrypted: null, secretRotatedAt: null },
    });

    const old = await deliver("github", service.id, githubDelivery(secret, "push", pushPayload("main", randomSha())));
    expect(old).toMatchObject({ status: 401, body: { detail: "Invalid webhook signature" } });
    expect(await deploymentCount(service.id)).toBe(1);
    const refused = await db.webhookDelivery.findFirst({ where: { serviceId: service.id, status: "rejected" } });
    expect(refused).toMatchObject({ signatureValid: false, payload: null });

    expect((await deliver("github", service.id, githubDelivery(replacement, "push", pushPayload("main", randomSha())))).status).toBe(202);
    expect(await deploymentCount(service.id)).toBe(2);
  });

  it("a rotation whose grace period has passed: the previous secret is refused", async () => {
    const { service, secret, connectionId } = await cachedService();
    const replacement = randomUUID();
    await db.repositoryConnection.update({
      where: { id: connectionId },
      data: {
        webhookSecretEncrypted: sealWebhookSecret(replacement, connectionId),
        previousSecretEncrypted: sealWebhookSecret(secret, connectionId, "previousSecretEncrypted"),
        secretRotatedAt: new Date(Date.now() - 11 * 60 * 1000),
      },
    });
    expect((await deliver("github", service.id, githubDelivery(secret, "push", pushPayload("main", randomSha())))).status).toBe(401);
    expect(await deploymentCount(service.id)).toBe(1);
  });

  it("the watched branch moved: a push to the old branch is ignored, one to the new branch deploys", async () => {
    const { service, secret } = await cachedService("main");
    await db.service.update({ where: { id: service.id }, data: { branch: "release" } });
    expect(await deliver("github", service.id, githubDelivery(secret, "push", pushPayload("main", randomSha())))).toMatchObject({ status: 200, body: { status: "ignored" } });
    expect((await deliver("github", service.id, githubDelivery(secret, "push", pushPayload("release", randomSha())))).status).toBe(202);
    expect(await deploymentCount(service.id)).toBe(2);
  });

  it("the connection disabled: answered disabled, nothing deployed", async () => {
    const { service, secret, connectionId } = await cachedService();
    await db.repositoryConnection.update({ where: { id: connectionId }, data: { isEnabled: false } });
    expect(await deliver("github", service.id, githubDelivery(secret, "push", pushPayload("main", randomSha())))).toMatchObject({ status: 200, body: { status: "disabled" } });
    expect(await deploymentCount(service.id)).toBe(1);
  });

  it("the service deleted: 404, and nothing recorded under its id", async () => {
    const { service, secret } = await cachedService();
    await db.service.delete({ where: { id: service.id } });
    const delivery = githubDelivery(secret, "push", pushPayload("main", randomSha()));
    expect(await deliver("github", service.id, delivery)).toMatchObject({ status: 404, body: { detail: `Service ${service.id} not found` } });
    expect(await db.webhookDelivery.count({ where: { deliveryId: delivery.headers["x-github-delivery"], status: { not: "rejected" } } })).toBe(0);
    expect(await db.deployment.count({ where: { serviceId: service.id } })).toBe(0);
  });

  it("unchanged: the next delivery is decided from the kept row and still recorded once", async () => {
    const { service, secret } = await cachedService();
    const delivery = githubDelivery(secret, "push", pushPayload("main", randomSha()));
    const answers = await Promise.all(Array.from({ length: 5 }, () => deliver("github", service.id, delivery)));
    expect(answers.map((answer) => answer.status).sort()).toEqual([200, 200, 200, 200, 202]);
    expect(await deploymentCount(service.id)).toBe(2);
  });
});
