// A CI report, applied: the run's row converges (merge-report.ts) and, when the run has just finished, its
// workflow's incident on that branch is opened, counted up or resolved (incident-rules.ts), all in one
// transaction. Advisory locks serialize reports of one run, and finished runs of one workflow and branch,
// so concurrent deliveries cannot both open an incident or lose a failure.
import type { GitProvider, Prisma } from "@/lib/generated/prisma/client";
import { db } from "@/lib/server/db";
import { publishLive } from "@/lib/server/live/live-events";
import { notify } from "@/lib/server/notifications/notify";
import { ciOutcome, spokenDuration } from "@/lib/shared/ci/outcomes";
import { shortSha } from "@/lib/shared/git/short-sha";
import { incidentAction, type IncidentAction } from "./incident-rules";
import { mergeReport, type StoredRun } from "./merge-report";
import type { CiJob, CiReport } from "./report";

type Connection = { id: string; provider: GitProvider; repositoryFullName: string; serviceId: string | null; ownerId: string };

type Tracked = {
  applied: boolean;
  run: { id: string; workflow: string; branch: string | null; commitSha: string | null; author: string | null; conclusion: string | null; failedJobs: CiJob[] };
  incident: { id: string; action: IncidentAction; openedAt: Date; resolvedAt: Date | null } | null;
};

export async function trackCiRun(connectionId: string, report: CiReport): Promise<{ summary: string }> {
  const connection = await db.repositoryConnection.findUniqueOrThrow({
    where: { id: connectionId },
    select: { id: true, provider: true, repositoryFullName: true, serviceId: true, ownerId: true },
  });
  const tracked = await db.$transaction((tx) => apply(tx, connection, report));
  await announce(connection, tracked);
  return { summary: summarize(report, tracked) };
}

async function apply(tx: Prisma.TransactionClient, connection: Connection, report: CiReport): Promise<Tracked> {
  await tx.$executeRaw`SELECT pg_advisory_xact_lock(hashtextextended(${`ci-run:${connection.id}:${report.runId}`}, 0))`;
  const stored = await tx.ciRun.findUnique({ where: { connectionId_runId: { connectionId: connection.id, runId: report.runId } } });
  const current: StoredRun | null = stored ? { ...stored, failedJobs: stored.failedJobs as CiJob[] } : null;
  const merge = mergeReport(current, report);
  // Only a report older than a stored run is ignored.
  if (!merge) return { applied: false, run: { ...stored!, failedJobs: stored!.failedJobs as CiJob[] }, incident: null };
  const data = { ...merge.fields, failedJobs: merge.fields.failedJobs as Prisma.InputJsonValue | undefined };
  const run = stored
    ? await tx.ciRun.update({ where: { id: stored.id }, data })
    : await tx.ciRun.create({
        data: {
          ...data,
          connectionId: connection.id,
          provider: connection.provider,
          repository: connection.repositoryFullName,
          runId: report.runId,
          workflow: merge.fields.workflow ?? report.workflow,
          status: merge.fields.status ?? report.status,
        },
      });
  const result = { ...run, failedJobs: run.failedJobs as CiJob[] };
  if (!merge.completedNow || !run.branch) return { applied: true, run: result, incident: null };
  return { applied: true, run: result, incident: await settleIncident(tx, connection, run) };
}

async function settleIncident(
  tx: Prisma.TransactionClient,
  connection: Connection,
  run: { id: string; workflow: string; branch: string | null; status: "queued" | "in_progress" | "completed"; conclusion: string | null; startedAt: Date | null; finishedAt: Date | null },
): Promise<Tracked["incident"]> {
  const branch = run.branch ?? "";
  await tx.$executeRaw`SELECT pg_advisory_xact_lock(hashtextextended(${`ci-incident:${connection.id}:${run.workflow}:${branch}`}, 0))`;
  const open = await tx.incident.findFirst({ where: { connectionId: connection.id, workflow: run.workflow, branch, state: "open" } });
  const newerSuccess = run.startedAt
    ? (await tx.ciRun.count({
        where: { connectionId: connection.id, workflow: run.workflow, branch, status: "completed", conclusion: "success", startedAt: { gt: run.startedAt } },
      })) > 0
    : false;
  const action = incidentAction({ outcome: ciOutcome(run), startedAt: run.startedAt, open, newerSuccess });
  const at = run.finishedAt ?? new Date();
  switch (action) {
    case "open": {
      const created = await tx.incident.create({
        data: {
          connectionId: connection.id,
          repository: connection.repositoryFullName,
          workflow: run.workflow,
          branch,
          firstRunId: run.id,
          lastRunId: run.id,
          lastFailureStartedAt: run.startedAt,
          openedAt: at,
        },
      });
      return { id: created.id, action, openedAt: created.openedAt, resolvedAt: null };
    }
    case "count":
    case "count_older": {
      const latest = action === "count" ? { lastRunId: run.id, lastFailureStartedAt: run.startedAt } : {};
      const updated = await tx.incident.update({ where: { id: open!.id }, data: { failures: { increment: 1 }, ...latest } });
      return { id: updated.id, action, openedAt: updated.openedAt, resolvedAt: null };
    }
    case "resolve": {
      const resolved = await tx.incident.update({ where: { id: open!.id }, data: { state: "resolved", resolvedAt: at, resolvedByRunId: run.id } });
      return { id: resolved.id, action, openedAt: resolved.openedAt, resolvedAt: resolved.resolvedAt };
    }
    case "none":
      return null;
  }
}

// The owner hears of an incident opening and closing; every change refreshes the pages that show CI.
async function announce(connection: Connection, tracked: Tracked): Promise<void> {
  const { run, incident } = tracked;
  const where = `${run.workflow} on ${run.branch ?? "?"} of ${connection.repositoryFullName}`;
  if (incident?.action === "open") {
    const jobs = run.failedJobs.map((job) => job.name).join(", ");
    const by = run.author ? ` by ${run.author}` : "";
    await notify({
      type: "incident_opened",
      ...recipient(connection),
      severity: "error",
      message: `CI is red: ${where} failed${jobs ? ` (${jobs})` : ""} at ${shortSha(run.commitSha)}${by}`,
    });
  } else if (incident?.action === "resolve" && incident.resolvedAt) {
    await notify({
      type: "incident_resolved",
      ...recipient(connection),
      severity: "success",
      message: `CI is green again: ${where}, red for ${spokenDuration(incident.resolvedAt.getTime() - incident.openedAt.getTime())}`,
    });
  }
  if (tracked.applied) await publishLive({ type: "ci", userId: connection.ownerId });
}

// A service's connection tells the service's owner about its service; a CI-only one tells its owner.
const recipient = (connection: Connection) => (connection.serviceId ? { serviceId: connection.serviceId } : { serviceId: null, userId: connection.ownerId });

function summarize(report: CiReport, tracked: Tracked): string {
  const what = report.job ? `Job '${report.job.name}' of run ${report.runId}` : `Run ${report.runId} of '${report.workflow}'`;
  if (!tracked.applied) return `${what}: an older report than the one recorded, ignored`;
  const state = report.job ? (report.job.conclusion ?? report.job.status) : (report.conclusion ?? report.status);
  const incident = tracked.incident ? `; incident ${{ open: "opened", count: "updated", count_older: "updated", resolve: "resolved", none: "" }[tracked.incident.action]}` : "";
  return `${what}: ${state}${incident}`;
}
