// A connection that deploys only on green CI: the pushed commit's deployment waits while its runs are
// under way, goes ahead once they passed, and is cancelled with the reason when one fails or CI takes
// longer than BERTH_CI_WAIT_MINUTES. Manual deploys do not wait.
import { describe, expect, it } from "vitest";
import { db } from "@/lib/server/db";
import { githubDelivery } from "@/test/support/github-delivery";
import { nextRunId, workflowRun } from "@/test/support/ci-runs";
import { deliver, pushPayload, randomSha, serviceWithWebhook } from "@/test/support/webhooks";
import { requestDeployment } from "./request-deployment";
import { waitForCi } from "./wait-for-ci";

async function pushed() {
  const { user, service, secret } = await serviceWithWebhook({ branch: "main" });
  await db.repositoryConnection.update({ where: { serviceId: service.id }, data: { waitForCi: true } });
  const sha = randomSha();
  const send = (event: string, payload: unknown) => deliver("github", service.id, githubDelivery(secret, event, payload));
  const answer = await send("push", pushPayload("main", sha));
  expect(answer.status).toBe(202);
  const deploymentId = String(answer.body.deployment_id);
  const log = async () => (await db.deploymentLog.findMany({ where: { deploymentId }, orderBy: { id: "asc" } })).map((line) => line.line);
  return { user, service, sha, send, deploymentId, log };
}

describe("deploying only on green CI", () => {
  it("waits while the commit's runs are pending or running, and goes ahead once all of them passed", async () => {
    const { sha, send, deploymentId, log } = await pushed();
    expect(await waitForCi(deploymentId, 0)).toEqual({ outcome: "waiting", reason: "no CI run has reported yet" });
    const tests = nextRunId();
    await send("workflow_run", workflowRun({ id: tests, sha, name: "Tests", status: "in_progress", start: 1, update: 2 }));
    await send("workflow_run", workflowRun({ sha, name: "Lint", status: "completed", conclusion: "success", start: 1, update: 3 }));
    expect(await waitForCi(deploymentId, 1)).toEqual({ outcome: "waiting", reason: "Tests still running" });

    await send("workflow_run", workflowRun({ id: tests, sha, name: "Tests", status: "completed", conclusion: "success", start: 1, update: 6 }));
    expect(await waitForCi(deploymentId, 2)).toEqual({ outcome: "proceed" });
    expect(await log()).toEqual([`Waiting for CI on ${sha.slice(0, 7)} (no CI run has reported yet; up to 60 min)`, `CI passed for ${sha.slice(0, 7)}: Lint, Tests`]);
    expect((await db.deployment.findUniqueOrThrow({ where: { id: deploymentId } })).status).toBe("queued");
  });

  it("cancels the deployment with the failed run named, tells the owner, and leaves the service to the deployment under way", async () => {
    const { user, service, sha, send, deploymentId } = await pushed();
    // Another deployment of the service, requested before the push, builds while this one waits for CI (a sleeping
    // run holds no slot).
    await db.deployment.create({ data: { serviceId: service.id, trigger: "manual", status: "building", createdAt: new Date(Date.now() - 60_000), sequence: 0n } });
    await db.service.update({ where: { id: service.id }, data: { status: "building" } });
    await send("workflow_run", workflowRun({ sha, name: "Tests", status: "completed", conclusion: "failure", start: 1, update: 4 }));
    const reason = `CI failed for ${sha.slice(0, 7)}: Tests (failure)`;
    expect(await waitForCi(deploymentId, 0)).toEqual({ outcome: "cancelled", reason });
    expect(await db.deployment.findUniqueOrThrow({ where: { id: deploymentId } })).toMatchObject({ status: "cancelled", error: reason });
    const told = await db.notification.findFirst({ where: { userId: user.id, deploymentId, type: "deployment_cancelled" } });
    expect(told?.message).toMatch(new RegExp(`was not deployed: ${reason.replace(/[()]/g, "\\$&")}$`));
    expect((await db.service.findUniqueOrThrow({ where: { id: service.id } })).status).toBe("building");
  });

  it("gives up after BERTH_CI_WAIT_MINUTES, and never holds a manual deploy", async () => {
    const { user, service, sha, deploymentId } = await pushed();
    await db.deployment.update({ where: { id: deploymentId }, data: { createdAt: new Date(Date.now() - 61 * 60_000) } });
    expect(await waitForCi(deploymentId, 7)).toEqual({ outcome: "cancelled", reason: `CI did not pass for ${sha.slice(0, 7)} within 60 min (no CI run has reported yet)` });

    const manual = await requestDeployment(user, service.id, { commit_sha: randomSha() });
    expect(await waitForCi(manual.id, 0)).toEqual({ outcome: "proceed" });
  });
});
