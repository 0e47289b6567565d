// Workflow step 1, for a connection that deploys only on green CI: a pushed commit is built once its CI runs
// have passed, and cancelled with the reason when one fails or none finishes within BERTH_CI_WAIT_MINUTES.
// Manual deploys, rollbacks and deploy hooks (which CI itself calls) do not wait.
import { commitCi } from "@/lib/server/ci/commit-ci";
import { env } from "@/lib/server/env";
import { shortSha } from "@/lib/shared/git/short-sha";
import { logLines } from "./deployment-log";
import { finishDeployment } from "./finish-deployment";
import { deploymentLabel, loadDeployment } from "./load-deployment";
import { cancelAsSuperseded, findNewerDeployment } from "./supersede";

export type CiGate =
  | { outcome: "proceed" }
  | { outcome: "waiting"; reason: string }
  | { outcome: "cancelled"; reason: string }
  | { outcome: "superseded"; reason: string }
  | { outcome: "skipped"; reason: string };

// The pause before the next look: 5 s, 10 s, … up to 30 s.
export function ciPollDelay(check: number): string {
  return `${Math.min(30, 5 * check)}s`;
}

export async function waitForCi(id: string, check: number): Promise<CiGate> {
  const deployment = await loadDeployment(id);
  const connection = deployment.service.connection;
  const gated = connection?.waitForCi && deployment.commitSha && (deployment.trigger === "webhook" || deployment.trigger === "replay");
  if (!gated || !connection || !deployment.commitSha) return { outcome: "proceed" };
  if (deployment.status !== "queued") return { outcome: "skipped", reason: `Deployment is already ${deployment.status}` };
  const newer = await findNewerDeployment(deployment);
  if (newer) return cancelAsSuperseded(deployment, newer);

  const sha = shortSha(deployment.commitSha);
  const ci = await commitCi(connection.id, deployment.commitSha);
  if (ci.verdict === "passed") {
    await logLines(id, "build", [`CI passed for ${sha}: ${ci.detail}`]);
    return { outcome: "proceed" };
  }
  const minutes = env().BERTH_CI_WAIT_MINUTES;
  const expired = Date.now() - deployment.createdAt.getTime() > minutes * 60_000;
  if (ci.verdict === "failed" || expired) {
    const reason = ci.verdict === "failed" ? `CI failed for ${sha}: ${ci.detail}` : `CI did not pass for ${sha} within ${minutes} min (${ci.detail})`;
    await finishDeployment(deployment, "cancelled", {
      error: reason,
      message: `${deploymentLabel(deployment)} was not deployed: ${reason}`,
      log: { step: "build", lines: [`Cancelled: ${reason}`], stream: "stderr" },
    });
    return { outcome: "cancelled", reason };
  }
  if (check === 0) await logLines(id, "build", [`Waiting for CI on ${sha} (${ci.detail}; up to ${minutes} min)`]);
  return { outcome: "waiting", reason: ci.detail };
}
