// The webhook hot path's SQL. Everything else in Berth goes through Prisma's query builder; here each statement is
// built with Prisma.sql but sent by node-postgres on the pool under Prisma: Prisma's client engine costs ~1.7 ms of
// CPU per query-builder call and ~0.35 ms per raw statement on this hardware, more than the rest of a delivery
// (npm run bench:webhooks, docs/decisions/0004-webhook-hot-path.md). Statements are named, so each connection
// parses and plans them once; a delivery's deployment, audit row and workflow event go in as one statement.
import { createHash, randomUUID } from "node:crypto";
import { pool } from "@/lib/server/db";
import { Prisma, type DeliveryStatus, type DeploymentTrigger } from "@/lib/generated/prisma/client";
import { deployRequested, type BerthEvent } from "@/lib/server/outbox/events";
import { shortSha } from "@/lib/shared/git/short-sha";
import { groupCommit } from "@/lib/server/database/group-commit";
import { metrics } from "@/lib/server/metrics";
import { shortRef } from "./decide";

// A connection with what its service deploys; serviceId, branch and deployTags are null for a CI-only one.
const names = new Map<string, string>();

// A prepared statement per distinct text (a handful: the fragments below vary by case, never by value).
async function query<Row extends object>(statement: Prisma.Sql): Promise<Row[]> {
  let name = names.get(statement.text);
  if (!name) {
    name = `berth_hot_${createHash("sha1").update(statement.text).digest("hex").slice(0, 16)}`;
    names.set(statement.text, name);
  }
  return (await pool().query<Row>({ name, text: statement.text, values: statement.values })).rows;
}

// A unique index refused the row (SQLSTATE 23505).
export function isUniqueViolation(error: unknown): boolean {
  return typeof error === "object" && error !== null && (error as { code?: unknown }).code === "23505";
}

export interface ConnectionRow {
  id: string;
  serviceId: string | null;
  isEnabled: boolean;
  secretSealed: string | null;
  previousSecretSealed: string | null;
  // Milliseconds since the epoch: node-postgres would read Prisma's UTC timestamps as local time.
  secretRotatedMs: number | null;
  branch: string | null;
  deployTags: boolean | null;
  // A digest of every column a delivery's verification and decision read (VERSION): the statements that act on
  // the delivery check it, so a row read earlier (connection-cache.ts) is never acted on once it has changed.
  version: string;
}

const ROTATED_AT = Prisma.sql`(extract(epoch FROM c."secretRotatedAt") * 1000)::float8 AS "secretRotatedMs"`;
// Over c (the connection) and s (its service, if any).
const VERSION = Prisma.sql`md5(concat_ws('|', c.id, c."webhookSecretEncrypted", c."previousSecretEncrypted", c."secretRotatedAt"::text,
  c."isEnabled"::text, s.id, s.branch, s."deployTags"::text))`;

// The connection a delivery was verified and decided with, as it was read.
export type ConnectionVersion = { connectionId: string; version: string };

// True when the connection is still as it was read; false (also when it is gone) otherwise.
function isCurrent(guard: ConnectionVersion) {
  return Prisma.sql`coalesce((SELECT ${VERSION} = ${guard.version} FROM "RepositoryConnection" c LEFT JOIN "Service" s ON s.id = c."serviceId"
    WHERE c.id = ${guard.connectionId}), false)`;
}

export async function connectionIsCurrent(guard: ConnectionVersion): Promise<boolean> {
  const [row] = await query<{ current: boolean }>(Prisma.sql`SELECT ${isCurrent(guard)} AS current`);
  return row?.current ?? false;
}

// The connection changed (a secret rotated, the branch edited, the service deleted…) after it was read: the
// delivery is handled again from a fresh read.
export class StaleConnectionError extends Error {
  override name = "StaleConnectionError";
}

export async function findServiceConnection(serviceId: string): Promise<{ found: false } | { found: true; connection: ConnectionRow | null }> {
  const rows = await query<Omit<ConnectionRow, "id" | "isEnabled"> & { id: string | null; isEnabled: boolean | null }>(Prisma.sql`
    SELECT c.id, s.id AS "serviceId", c."isEnabled", c."webhookSecretEncrypted" AS "secretSealed", c."previousSecretEncrypted" AS "previousSecretSealed",
           ${ROTATED_AT}, s.branch, s."deployTags", ${VERSION} AS version
    FROM "Service" s LEFT JOIN "RepositoryConnection" c ON c."serviceId" = s.id
    WHERE s.id = ${serviceId}`);
  const [row] = rows;
  if (!row) return { found: false };
  if (!row.id) return { found: true, connection: null };
  return { found: true, connection: { ...row, id: row.id, isEnabled: row.isEnabled ?? true } };
}

export function findConnectionsByRepository(repository: string): Promise<ConnectionRow[]> {
  return query<ConnectionRow>(Prisma.sql`
    SELECT c.id, c."serviceId", c."isEnabled", c."webhookSecretEncrypted" AS "secretSealed", c."previousSecretEncrypted" AS "previousSecretSealed",
           ${ROTATED_AT}, s.branch, s."deployTags", ${VERSION} AS version
    FROM "RepositoryConnection" c LEFT JOIN "Service" s ON s.id = c."serviceId"
    WHERE lower(c."repositoryFullName") = lower(${repository})`);
}

const ACTIVE_STATUSES = Prisma.sql`('queued', 'building', 'deploying', 'live')`;

interface PriorWorkQuery {
  // The service whose deliveries and deployments count; null for a CI-only connection's delivery.
  serviceId: string | null;
  connectionId: string | null;
  provider: string;
  // null: nothing to dedupe on (no id sent, or a replay).
  deliveryId: string | null;
  // null: not a deployment request.
  deploy: { sha: string | null } | null;
}

// The original delivery that took this delivery id, and the deployment that already covers this commit
// (a branch-head request merges only with one that has not started building), as one row.
function priorWorkSql(input: PriorWorkQuery) {
  // The same keys as the partial unique indexes: per service, or per connection when no service claims it.
  const owner = input.serviceId ? Prisma.sql`"serviceId" = ${input.serviceId}` : Prisma.sql`"serviceId" IS NULL AND "connectionId" = ${input.connectionId}`;
  const delivery = input.deliveryId && (input.serviceId || input.connectionId)
    ? Prisma.sql`(SELECT id FROM "WebhookDelivery" WHERE ${owner} AND provider = ${input.provider} AND "deliveryId" = ${input.deliveryId}
        AND "replayOfId" IS NULL AND status NOT IN ('duplicate', 'rejected') LIMIT 1)`
    : Prisma.sql`NULL::text`;
  const deployment = !input.deploy || !input.serviceId
    ? Prisma.sql`NULL::text`
    : input.deploy.sha
      ? Prisma.sql`(SELECT id FROM "Deployment" WHERE "serviceId" = ${input.serviceId} AND "commitSha" = ${input.deploy.sha} AND status IN ${ACTIVE_STATUSES} ORDER BY sequence DESC LIMIT 1)`
      : Prisma.sql`(SELECT id FROM "Deployment" WHERE "serviceId" = ${input.serviceId} AND "commitSha" IS NULL AND status = 'queued' ORDER BY sequence DESC LIMIT 1)`;
  return Prisma.sql`SELECT ${delivery} AS "originalDeliveryRowId", ${deployment} AS "activeDeploymentId"`;
}

export interface PriorWork {
  originalDeliveryRowId: string | null;
  activeDeploymentId: string | null;
}

export async function findPriorWork(input: PriorWorkQuery): Promise<PriorWork> {
  const [row] = await query<PriorWork>(priorWorkSql(input));
  return { originalDeliveryRowId: row?.originalDeliveryRowId ?? null, activeDeploymentId: row?.activeDeploymentId ?? null };
}

export interface DeliveryRow {
  provider: string;
  deliveryId: string | null;
  serviceId: string | null;
  connectionId: string | null;
  event: string | null;
  action: string | null;
  repository: string | null;
  ref: string | null;
  commitSha: string | null;
  signatureValid: boolean;
  status: DeliveryStatus;
  reason: string | null;
  headers: Record<string, string>;
  payload: Prisma.InputJsonValue | null;
  replayOfId: string | null;
  answeredInMs: number;
}

function deliveryValues(id: string, row: DeliveryRow) {
  return Prisma.sql`${id}, ${row.provider}, ${row.deliveryId}, ${row.serviceId}, ${row.connectionId}, ${row.event}, ${row.action}, ${row.repository},
    ${row.ref}, ${row.commitSha}, ${row.signatureValid}, ${row.status}::"DeliveryStatus", ${row.reason}, ${JSON.stringify(row.headers)}::jsonb,
    ${row.payload === null ? null : JSON.stringify(row.payload)}::jsonb, ${row.replayOfId}, ${row.answeredInMs}`;
}

const DELIVERY_COLUMNS = Prisma.sql`(id, provider, "deliveryId", "serviceId", "connectionId", event, action, repository, ref, "commitSha",
  "signatureValid", status, reason, headers, payload, "replayOfId", "answeredInMs")`;

// guard: the connection the row's status was decided with, checked in the same statement (null: nothing to check).
export async function insertDelivery(row: DeliveryRow, guard: ConnectionVersion | null = null): Promise<string> {
  const id = randomUUID();
  const stale = () => new StaleConnectionError(`Connection ${row.connectionId ?? guard?.connectionId ?? ""} changed while delivery ${row.deliveryId ?? ""} was handled`);
  const inserted = await query(
    Prisma.sql`INSERT INTO "WebhookDelivery" ${DELIVERY_COLUMNS} SELECT ${deliveryValues(id, row)} WHERE ${guard ? isCurrent(guard) : Prisma.sql`true`} RETURNING id`,
  ).catch((error: unknown) => {
    // The service or connection the row names is gone (SQLSTATE 23503).
    throw typeof error === "object" && error !== null && (error as { code?: unknown }).code === "23503" ? stale() : error;
  });
  if (inserted.length === 0) throw stale();
  return id;
}

export interface NewDeployment {
  trigger: DeploymentTrigger;
  commitSha: string | null;
  commitMessage: string | null;
  commitAuthor: string | null;
  ref: string;
}

// What the owner's webhook_received notification says, up to the service's name (SQL adds it).
function receivedMessage(deployment: NewDeployment): string {
  const what = deployment.trigger === "deploy_hook" ? "Deploy hook" : deployment.trigger === "replay" ? "Replayed delivery" : "Push";
  const commit = deployment.commitSha ? ` at ${shortSha(deployment.commitSha)}` : "";
  const by = deployment.commitAuthor ? ` by ${deployment.commitAuthor}` : "";
  return `${what} to ${shortRef(deployment.ref)}${commit}${by} received: deploying `;
}

interface QueuedDeliveryWrite {
  row: DeliveryRow & { serviceId: string };
  deployment: NewDeployment;
  prior: PriorWorkQuery;
  guard: ConnectionVersion | null;
  deliveryRowId: string;
  deploymentId: string;
}

type QueuedDeliveryResult = { queued: { deliveryRowId: string; deploymentId: string } } | { prior: PriorWork } | { stale: true };

function settleWrite(write: QueuedDeliveryWrite, result: (PriorWork & { created: boolean; current: boolean }) | undefined): QueuedDeliveryResult {
  if (result && !result.current) return { stale: true };
  if (result?.created) return { queued: { deliveryRowId: write.deliveryRowId, deploymentId: write.deploymentId } };
  return { prior: { originalDeliveryRowId: result?.originalDeliveryRowId ?? null, activeDeploymentId: result?.activeDeploymentId ?? null } };
}

function deployRequestedData(write: QueuedDeliveryWrite): BerthEvent["data"] {
  const event = { name: deployRequested.name, data: { deploymentId: write.deploymentId, serviceId: write.row.serviceId } } satisfies BerthEvent;
  return event.data;
}

// A delivery row under the column names insertQueuedDeliveries reads it by.
function snakeCaseRow(row: DeliveryRow) {
  return {
    provider: row.provider, delivery_id: row.deliveryId, service_id: row.serviceId, connection_id: row.connectionId, event: row.event,
    action: row.action, repository: row.repository, ref: row.ref, commit_sha: row.commitSha, signature_valid: row.signatureValid,
    status: row.status, reason: row.reason, headers: row.headers, payload: row.payload, replay_of_id: row.replayOfId, answered_in_ms: row.answeredInMs,
  };
}

// One statement, so one implicit transaction, for one delivery or several (group commit): for each, the prior-work
// check and the connection's version and, when both pass, the delivery, the deployment, its workflow event and the
// owner's webhook_received notification (announced on commit), or none of them; deployments numbered in arrival
// order. A concurrent copy that slips past the check fails on a unique index (SQLSTATE 23505) instead; rows of one
// batch that collide with each other do so too, and then each is written alone (group-commit.ts).
async function insertQueuedDeliveries(writes: QueuedDeliveryWrite[]): Promise<QueuedDeliveryResult[]> {
  // One JSON array of rows, read back by name (jsonb_to_recordset) rather than by position.
  const input = writes.map((write, ord) => ({
    ord,
    delivery_row_id: write.deliveryRowId,
    deployment_id: write.deploymentId,
    event_id: randomUUID(),
    notification_id: randomUUID(),
    ...snakeCaseRow(write.row),
    trigger: write.deployment.trigger,
    deploy_sha: write.deployment.commitSha,
    commit_message: write.deployment.commitMessage,
    commit_author: write.deployment.commitAuthor,
    deploy_ref: write.deployment.ref,
    event_data: deployRequestedData(write),
    message: receivedMessage(write.deployment),
    guard_connection_id: write.guard?.connectionId ?? null,
    guard_version: write.guard?.version ?? null,
    prior_delivery_id: write.prior.deliveryId,
    prior_deploys: write.prior.deploy !== null,
    prior_sha: write.prior.deploy?.sha ?? null,
  }));
  const rows = await query<PriorWork & { created: boolean; current: boolean }>(Prisma.sql`
    WITH checked AS MATERIALIZED (
      SELECT i.*,
        (SELECT w.id FROM "WebhookDelivery" w WHERE i.prior_delivery_id IS NOT NULL AND w."serviceId" = i.service_id AND w.provider = i.provider
           AND w."deliveryId" = i.prior_delivery_id AND w."replayOfId" IS NULL AND w.status NOT IN ('duplicate', 'rejected') LIMIT 1) AS "originalDeliveryRowId",
        CASE WHEN NOT i.prior_deploys THEN NULL
             WHEN i.prior_sha IS NULL THEN (SELECT d.id FROM "Deployment" d WHERE d."serviceId" = i.service_id AND d."commitSha" IS NULL AND d.status = 'queued'
                                            ORDER BY d.sequence DESC LIMIT 1)
             ELSE (SELECT d.id FROM "Deployment" d WHERE d."serviceId" = i.service_id AND d."commitSha" = i.prior_sha AND d.status IN ${ACTIVE_STATUSES}
                   ORDER BY d.sequence DESC LIMIT 1) END AS "activeDeploymentId",
        (i.guard_connection_id IS NULL OR coalesce((SELECT ${VERSION} = i.guard_version FROM "RepositoryConnection" c LEFT JOIN "Service" s ON s.id = c."serviceId"
           WHERE c.id = i.guard_connection_id), false)) AS current
      FROM jsonb_to_recordset(${JSON.stringify(input)}::jsonb) AS i(
        ord int, delivery_row_id text, deployment_id text, event_id text, notification_id text,
        provider text, delivery_id text, service_id text, connection_id text, event text, action text, repository text, ref text, commit_sha text,
        signature_valid boolean, status text, reason text, headers jsonb, payload jsonb, replay_of_id text, answered_in_ms int,
        trigger text, deploy_sha text, commit_message text, commit_author text, deploy_ref text, event_data jsonb, message text,
        guard_connection_id text, guard_version text, prior_delivery_id text, prior_deploys boolean, prior_sha text)
    ), delivery AS (
      INSERT INTO "WebhookDelivery" ${DELIVERY_COLUMNS}
      SELECT delivery_row_id, provider, delivery_id, service_id, connection_id, event, action, repository, ref, commit_sha, signature_valid,
             status::"DeliveryStatus", reason, headers, payload, replay_of_id, answered_in_ms
      FROM checked WHERE current AND "originalDeliveryRowId" IS NULL AND "activeDeploymentId" IS NULL ORDER BY ord
      RETURNING id
    ), deployment AS (
      INSERT INTO "Deployment" (id, "serviceId", status, trigger, "commitSha", "commitMessage", "commitAuthor", ref, "deliveryId")
      SELECT c.deployment_id, c.service_id, 'queued', c.trigger::"DeploymentTrigger", c.deploy_sha, c.commit_message, c.commit_author, c.deploy_ref, delivery.id
      FROM checked c JOIN delivery ON delivery.id = c.delivery_row_id ORDER BY c.ord
      RETURNING id
    ), event AS (
      INSERT INTO "WorkflowEvent" (id, name, data)
      SELECT c.event_id, ${deployRequested.name}, c.event_data FROM checked c JOIN deployment ON deployment.id = c.deployment_id ORDER BY c.ord
      RETURNING id
    ), notification AS (
      INSERT INTO "Notification" (id, "userId", "serviceId", "deploymentId", type, severity, message)
      SELECT c.notification_id, s."ownerId", s.id, deployment.id, 'webhook_received', 'info'::"Severity", c.message || s.name
      FROM checked c JOIN deployment ON deployment.id = c.deployment_id JOIN "Service" s ON s.id = c.service_id
      RETURNING "userId"
    ), announced AS (
      SELECT pg_notify('berth_live', json_build_object('type', 'notification', 'userId', "userId")::text) FROM (SELECT DISTINCT "userId" FROM notification) n
    )
    SELECT c."originalDeliveryRowId", c."activeDeploymentId", c.current, EXISTS (SELECT FROM deployment WHERE deployment.id = c.deployment_id) AS created,
           (SELECT count(*) FROM announced) AS announced
    FROM checked c ORDER BY c.ord`);
  return writes.map((write, index) => settleWrite(write, rows[index]));
}

// Deliveries answered while the database is busy with earlier ones are written together (decision 0014); each is
// still acknowledged only after its own rows committed. Four statements at once leave the pool's other six
// connections to the rest of Berth.
const writeQueuedDelivery = groupCommit<QueuedDeliveryWrite, QueuedDeliveryResult>({
  writeBatch: insertQueuedDeliveries,
  writeOne: async (write) => (await insertQueuedDeliveries([write]))[0]!,
  maxBatch: 64,
  maxInFlight: 4,
  onBatch: (size) => metrics.webhookCommitBatch.observe(size),
});

export async function insertQueuedDelivery(
  row: DeliveryRow & { serviceId: string },
  deployment: NewDeployment,
  prior: PriorWorkQuery,
  guard: ConnectionVersion | null,
): Promise<{ queued: { deliveryRowId: string; deploymentId: string } } | { prior: PriorWork }> {
  const result = await writeQueuedDelivery({ row, deployment, prior, guard, deliveryRowId: randomUUID(), deploymentId: randomUUID() });
  if ("stale" in result) throw new StaleConnectionError(`Connection ${guard?.connectionId ?? ""} changed while delivery ${row.deliveryId ?? ""} was handled`);
  return result;
}

// webhook_last_delivery_at to the second is not worth a row lock per delivery: during a burst every
// delivery for a repository would queue behind the previous one's update. It is written at most once a
// second per connection (always for a ping, which also marks the webhook active).
const TOUCH_INTERVAL_MS = 1000;
const lastTouched = new Map<string, number>();

export async function touchConnection(connectionId: string, ping: boolean): Promise<void> {
  const now = Date.now();
  if (!ping && now - (lastTouched.get(connectionId) ?? 0) < TOUCH_INTERVAL_MS) return;
  lastTouched.set(connectionId, now);
  if (ping) {
    await query(Prisma.sql`UPDATE "RepositoryConnection" SET "webhookLastDeliveryAt" = now(), "webhookStatus" = 'active', "lastError" = NULL, "updatedAt" = now() WHERE id = ${connectionId}`);
  } else {
    await query(Prisma.sql`UPDATE "RepositoryConnection" SET "webhookLastDeliveryAt" = now(), "updatedAt" = now()
      WHERE id = ${connectionId} AND ("webhookLastDeliveryAt" IS NULL OR "webhookLastDeliveryAt" < now() - interval '1 second')`);
  }
}
