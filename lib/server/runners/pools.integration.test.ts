// Runner pools are an admin's settings: members are refused, names are unique, and every field is checked
// (an image reference cannot smuggle engine options, a label cannot carry spaces or quotes).
import { randomUUID } from "node:crypto";
import { describe, expect, it } from "vitest";
import { runnerPoolSchema, updateRunnerPoolSchema } from "@/lib/shared/validations/runners";
import { createTestUser } from "@/test/support/users";
import { githubDelivery } from "@/test/support/github-delivery";
import { deliver, githubExample, serviceWithWebhook } from "@/test/support/webhooks";
import { createPool, deletePool, listPools, poolStatus, updatePool } from "./pools";

const admin = async () => ({ id: (await createTestUser()).id, role: "admin" as const });
const name = () => `pool-${randomUUID().slice(0, 8)}`;

describe("runner pools", () => {
  it("are created, changed, listed and removed by admins, with the defaults a pool starts from", async () => {
    const actor = await admin();
    const pool = await createPool(actor, runnerPoolSchema.parse({ name: name(), labels: ["linux"] }));
    expect(pool).toMatchObject({ image: "ghcr.io/actions/actions-runner:latest", max_runners: 2, idle_ttl_s: 300, repositories: [], priority_rules: [], org_wide: false });
    expect(await updatePool(actor, pool.id, updateRunnerPoolSchema.parse({ max_runners: 5 }))).toMatchObject({ max_runners: 5, labels: ["linux"] });
    expect((await listPools(actor)).pools.map((entry) => entry.id)).toContain(pool.id);
    expect(await poolStatus(actor, pool.id)).toMatchObject({ busy: 0, idle: 0, queued: 0, started_per_minute: 0 });
    await expect(createPool(actor, runnerPoolSchema.parse({ name: pool.name }))).rejects.toMatchObject({ code: "conflict" });
    await deletePool(actor, pool.id);
    await expect(poolStatus(actor, pool.id)).rejects.toMatchObject({ code: "not_found" });
  });

  it("refuse members, and hostile names, images, labels and priority rules", async () => {
    const member = { id: (await createTestUser()).id, role: "member" as const };
    await expect(listPools(member)).rejects.toMatchObject({ code: "forbidden" });
    await expect(createPool(member, runnerPoolSchema.parse({ name: name() }))).rejects.toMatchObject({ code: "forbidden" });
    for (const hostile of [
      { name: "Pool With Spaces" },
      { name: name(), image: "--privileged alpine" },
      { name: name(), image: "alpine; rm -rf /" },
      { name: name(), labels: ['linux"'] },
      { name: name(), max_runners: 0 },
      { name: name(), priority_rules: [{ match: "anything", points: 5 }] },
      { name: name(), unknown: true },
    ]) {
      expect(runnerPoolSchema.safeParse(hostile).success, JSON.stringify(hostile)).toBe(false);
    }
  });

  it("refuse a workflow_job whose labels are not runner labels, before anything is recorded for it", async () => {
    const { service, secret } = await serviceWithWebhook();
    const payload = githubExample("workflow_job", (candidate) => candidate.action === "queued");
    (payload.workflow_job as Record<string, unknown>).labels = ["self-hosted", "linux; curl evil"];
    const answer = await deliver("github", service.id, githubDelivery(secret, "workflow_job", payload));
    expect(answer.status).toBe(400);
    expect(String(answer.body.detail)).toMatch(/^Not a GitHub workflow_job payload: workflow_job\.labels\.1: must be a runner label/);
  });
});
