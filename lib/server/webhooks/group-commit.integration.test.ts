// Deliveries that arrive while earlier ones are being written go into the database together (group commit). Each
// must still be answered only for what it wrote itself: its own deployment, its own duplicate, its own stale
// connection — and the deployments of one statement, which share createdAt, still have one newest.
import { randomUUID } from "node:crypto";
import { describe, expect, it } from "vitest";
import { db } from "@/lib/server/db";
import { metrics } from "@/lib/server/metrics";
import { findNewerDeployment } from "@/lib/server/deployments/supersede";
import { githubDelivery } from "@/test/support/github-delivery";
import { deliver, pushPayload, randomSha, serviceWithWebhook } from "@/test/support/webhooks";
import { findServiceConnection, insertQueuedDelivery, StaleConnectionError, type DeliveryRow } from "./delivery-store";

// Statements written and deliveries they carried, since the last call.
async function batches() {
  const read = async () => {
    const { values } = await metrics.webhookCommitBatch.get();
    return {
      statements: values.find((value) => value.metricName === "webhook_commit_batch_size_count")?.value ?? 0,
      deliveries: values.find((value) => value.metricName === "webhook_commit_batch_size_sum")?.value ?? 0,
    };
  };
  const before = await read();
  return async () => {
    const after = await read();
    return { statements: after.statements - before.statements, deliveries: after.deliveries - before.deliveries };
  };
}

describe("group commit of queued deliveries", () => {
  it("a burst of 40 pushes: each answered 202 with its own deployment, in fewer statements, with one newest deployment", async () => {
    const { service, secret } = await serviceWithWebhook();
    const counted = await batches();
    const shas = Array.from({ length: 40 }, () => randomSha());
    const pushes = shas.map((sha) => githubDelivery(secret, "push", pushPayload("main", sha)));
    const answers = await Promise.all(pushes.map((push) => deliver("github", service.id, push)));

    expect(answers.map((answer) => answer.status)).toEqual(pushes.map(() => 202));
    const { statements, deliveries } = await counted();
    expect(deliveries).toBe(40);
    expect(statements).toBeLessThan(40);

    // Each answer names the deployment of the commit it carried, made from its own audit row.
    for (const [index, answer] of answers.entries()) {
      const deployment = await db.deployment.findUniqueOrThrow({ where: { id: String(answer.body.deployment_id) }, include: { delivery: true } });
      expect(deployment.commitSha).toBe(shas[index]);
      expect(deployment.delivery?.deliveryId).toBe(pushes[index]!.headers["x-github-delivery"]);
    }

    // Rows of one statement share createdAt; the sequence still orders them all, so every older one has the same newer one.
    const deployments = await db.deployment.findMany({ where: { serviceId: service.id }, select: { id: true, createdAt: true, sequence: true }, orderBy: { sequence: "asc" } });
    expect(new Set(deployments.map((deployment) => deployment.sequence)).size).toBe(40);
    expect(new Set(deployments.map((deployment) => deployment.createdAt.getTime())).size).toBeLessThan(40);
    const newest = deployments.at(-1)!;
    for (const older of deployments.slice(0, -1)) expect((await findNewerDeployment(older))?.id).toBe(newest.id);
    expect(await findNewerDeployment(newest)).toBeNull();
  });

  it("copies of one delivery among other pushes in a burst: that one recorded once, the others each queued", async () => {
    const { service, secret } = await serviceWithWebhook();
    const repeated = githubDelivery(secret, "push", pushPayload("main", randomSha()));
    const others = Array.from({ length: 12 }, () => githubDelivery(secret, "push", pushPayload("main", randomSha())));
    const [copies, rest] = await Promise.all([
      Promise.all(Array.from({ length: 6 }, () => deliver("github", service.id, repeated))),
      Promise.all(others.map((push) => deliver("github", service.id, push))),
    ]);

    expect(copies.map((answer) => answer.status).sort()).toEqual([200, 200, 200, 200, 200, 202]);
    expect(copies.filter((answer) => answer.status === 200).map((answer) => answer.body.status)).toEqual(Array(5).fill("duplicate"));
    expect(rest.map((answer) => answer.status)).toEqual(others.map(() => 202));
    expect(await db.deployment.count({ where: { serviceId: service.id } })).toBe(13);
    expect(await db.webhookDelivery.count({ where: { serviceId: service.id, deliveryId: repeated.headers["x-github-delivery"], status: "queued" } })).toBe(1);
  });

  it("a connection that changed after one delivery of a batch was decided: only that delivery is refused as stale, nothing of it written", async () => {
    const { service } = await serviceWithWebhook();
    const read = await findServiceConnection(service.id);
    if (!read.found || !read.connection) throw new Error("the service has no connection");
    const { connection } = read;
    const write = (sha: string, version: string) => {
      const row: DeliveryRow & { serviceId: string } = {
        provider: "github", deliveryId: randomUUID(), serviceId: service.id, connectionId: connection.id, event: "push", action: null,
        repository: "acme/app", ref: "refs/heads/main", commitSha: sha, signatureValid: true, status: "queued", reason: null,
        headers: {}, payload: { after: sha }, replayOfId: null, answeredInMs: 1,
      };
      return insertQueuedDelivery(
        row,
        { trigger: "webhook", commitSha: sha, commitMessage: "m", commitAuthor: null, ref: "refs/heads/main" },
        { serviceId: service.id, connectionId: connection.id, provider: "github", deliveryId: row.deliveryId, deploy: { sha } },
        { connectionId: connection.id, version },
      );
    };

    const counted = await batches();
    // Four statements go at once; the writes after them wait and go together, the stale one among them.
    const shas = Array.from({ length: 12 }, () => randomSha());
    const results = await Promise.allSettled(shas.map((sha, index) => write(sha, index === 9 ? "0".repeat(32) : connection.version)));

    expect((await counted()).statements).toBeLessThan(12);
    const stale = results[9]!;
    expect(stale.status === "rejected" && stale.reason instanceof StaleConnectionError).toBe(true);
    expect(results.filter((result) => result.status === "fulfilled" && "queued" in result.value)).toHaveLength(11);
    expect(await db.deployment.count({ where: { serviceId: service.id, commitSha: shas[9] } })).toBe(0);
    expect(await db.webhookDelivery.count({ where: { serviceId: service.id, commitSha: shas[9] } })).toBe(0);
    expect(await db.deployment.count({ where: { serviceId: service.id } })).toBe(11);
  });
});
