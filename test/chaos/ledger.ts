// The provider's side of the chaos suite: push deliveries signed as GitHub signs them, each sent again with the
// same delivery id until Berth acknowledges it (as GitHub's redelivery and GitLab's retries do), and what the
// database says became of them afterwards: the figures of the closing table.
import { setTimeout as sleep } from "node:timers/promises";
import pg from "pg";
import { githubDelivery } from "@/test/support/github-delivery";

export type Sent = { deliveryId: string; sha: string; attempts: number; acknowledged: boolean; lastAnswer: string };

export function deliveryLedger(webhookUrl: string, secret: string, repository: string) {
  const sent: Sent[] = [];
  async function deliver(sha: string, before: string, message: string, retryForMs = 60_000): Promise<Sent> {
    const delivery = githubDelivery(secret, "push", {
      ref: "refs/heads/main",
      before,
      after: sha,
      repository: { full_name: repository },
      head_commit: { id: sha, message, author: { name: "Chaos Monkey" } },
    });
    const entry: Sent = { deliveryId: delivery.headers["x-github-delivery"] ?? "", sha, attempts: 0, acknowledged: false, lastAnswer: "" };
    sent.push(entry);
    const deadline = Date.now() + retryForMs;
    for (;;) {
      entry.attempts++;
      try {
        const response = await fetch(webhookUrl, { method: "POST", headers: delivery.headers, body: new Uint8Array(delivery.body), signal: AbortSignal.timeout(15_000) });
        entry.lastAnswer = `HTTP ${response.status}`;
        await response.body?.cancel();
        if (response.ok) {
          entry.acknowledged = true;
          return entry;
        }
      } catch (error) {
        entry.lastAnswer = error instanceof Error ? ((error.cause as { code?: string } | undefined)?.code ?? error.message) : String(error);
      }
      if (Date.now() > deadline) return entry;
      await sleep(500);
    }
  }
  return { sent, deliver };
}

// A pool that outlives PostgreSQL restarts: a query during one fails, the next one connects again.
export function monitorPool(databaseUrl: string) {
  const pool = new pg.Pool({ connectionString: databaseUrl, max: 3 });
  pool.on("error", () => {});
  return pool;
}

export type Tally = { acknowledged: number; retried: number; lost: number; duplicates: number; orphans: number; stuck: number; liveSha: string | null };

// What became of a scenario's deliveries: every acknowledged one in the audit log (else lost), each recorded once
// and each commit deployed once (else duplicates), no deployment still under way, and the service's live deployment.
export async function tallyScenario(pool: pg.Pool, serviceId: string, sent: Sent[], since: Date): Promise<Omit<Tally, "orphans">> {
  const acknowledged = sent.filter((entry) => entry.acknowledged);
  const ids = acknowledged.map((entry) => entry.deliveryId);
  const recorded = await pool.query<{ deliveryId: string; rows: number }>(
    `SELECT "deliveryId", count(*)::int AS rows FROM "WebhookDelivery"
     WHERE "serviceId" = $1 AND "deliveryId" = ANY($2) AND status NOT IN ('duplicate', 'rejected') GROUP BY 1`,
    [serviceId, ids],
  );
  const seen = new Map(recorded.rows.map((row) => [row.deliveryId, row.rows]));
  const deployments = await pool.query<{ commitSha: string; count: number }>(
    `SELECT "commitSha", count(*)::int AS count FROM "Deployment" WHERE "serviceId" = $1 AND "createdAt" >= $2 GROUP BY 1`,
    [serviceId, since],
  );
  const stuck = await pool.query<{ count: number }>(`SELECT count(*)::int AS count FROM "Deployment" WHERE "serviceId" = $1 AND status IN ('queued', 'building', 'deploying')`, [serviceId]);
  const live = await pool.query<{ commitSha: string }>(`SELECT "commitSha" FROM "Deployment" WHERE "serviceId" = $1 AND status = 'live'`, [serviceId]);
  return {
    acknowledged: acknowledged.length,
    retried: acknowledged.filter((entry) => entry.attempts > 1).length,
    lost: ids.filter((id) => !seen.has(id)).length,
    duplicates: [...seen.values()].reduce((sum, rows) => sum + rows - 1, 0) + deployments.rows.reduce((sum, row) => sum + row.count - 1, 0),
    stuck: stuck.rows[0]?.count ?? 0,
    liveSha: live.rows.length === 1 ? (live.rows[0]?.commitSha ?? null) : null,
  };
}
