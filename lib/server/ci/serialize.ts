// CI runs and incidents as the API answers them.
import type { CiRun, Incident } from "@/lib/generated/prisma/client";
import type { CiJob } from "./report";

export function serializeCiRun(run: CiRun) {
  return {
    id: run.id,
    connection_id: run.connectionId,
    provider: run.provider,
    repository: run.repository,
    run_id: run.runId,
    attempt: run.attempt,
    workflow: run.workflow,
    branch: run.branch,
    commit_sha: run.commitSha,
    author: run.author,
    event: run.event,
    status: run.status,
    conclusion: run.conclusion,
    url: run.url,
    started_at: run.startedAt?.toISOString() ?? null,
    finished_at: run.finishedAt?.toISOString() ?? null,
    duration_ms: run.startedAt && run.finishedAt ? run.finishedAt.getTime() - run.startedAt.getTime() : null,
    failed_jobs: run.failedJobs as CiJob[],
  };
}

export type CiRunResponse = ReturnType<typeof serializeCiRun>;

export function serializeIncident(incident: Incident & { lastRun: CiRun | null }) {
  const { lastRun } = incident;
  return {
    id: incident.id,
    connection_id: incident.connectionId,
    repository: incident.repository,
    workflow: incident.workflow,
    branch: incident.branch,
    state: incident.state,
    failures: incident.failures,
    opened_at: incident.openedAt.toISOString(),
    resolved_at: incident.resolvedAt?.toISOString() ?? null,
    resolved_by: incident.resolvedByUserId ? "user" : incident.resolvedByRunId ? "run" : null,
    red_for_ms: (incident.resolvedAt ?? new Date()).getTime() - incident.openedAt.getTime(),
    last_run: lastRun ? serializeCiRun(lastRun) : null,
  };
}

export type IncidentResponse = ReturnType<typeof serializeIncident>;
