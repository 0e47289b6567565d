// Which CI report wins. Providers deliver out of order and more than once; a run's row converges to the
// newest state whatever the order: a later attempt beats an earlier one, a later status (queued <
// in_progress < completed) an earlier one, and between two reports of one status the later update. A job
// report moves the run along and keeps its failed jobs, never finishes it.
import type { CiStatus } from "@/lib/shared/ci/outcomes";
import type { CiJob, CiReport } from "./report";

const RANK: Record<CiStatus, number> = { queued: 0, in_progress: 1, completed: 2 };

export type StoredRun = {
  attempt: number;
  status: CiStatus;
  reportedAt: Date | null;
  failedJobs: CiJob[];
};

export type RunFields = Omit<CiReport, "job" | "failedJobs" | "runId"> & { failedJobs: CiJob[] };

export type Merge = { fields: Partial<RunFields>; completedNow: boolean };

function isNewer(current: StoredRun, report: CiReport): boolean {
  if (report.attempt !== current.attempt) return report.attempt > current.attempt;
  if (RANK[report.status] !== RANK[current.status]) return RANK[report.status] > RANK[current.status];
  return (report.reportedAt?.getTime() ?? 0) >= (current.reportedAt?.getTime() ?? 0);
}

function withJob(jobs: CiJob[], job: NonNullable<CiReport["job"]>): CiJob[] {
  const others = jobs.filter((existing) => existing.name !== job.name);
  const failed = job.status === "completed" && job.conclusion !== null && job.conclusion !== "success" && job.conclusion !== "skipped";
  return failed ? [...others, { name: job.name, url: job.url, conclusion: job.conclusion }] : others;
}

// What to write for a report: everything for a new run, the changed fields otherwise, or null to ignore it.
export function mergeReport(current: StoredRun | null, report: CiReport): Merge | null {
  const { job, failedJobs, runId: _runId, ...run } = report;
  if (job) {
    const jobs = (base: CiJob[]) => withJob(base, job);
    if (!current) return { fields: { ...run, failedJobs: jobs([]) }, completedNow: false };
    if (report.attempt < current.attempt) return null;
    if (report.attempt > current.attempt) return { fields: { ...run, failedJobs: jobs([]) }, completedNow: false };
    const status = RANK[run.status] > RANK[current.status] ? run.status : current.status;
    return { fields: { status, failedJobs: jobs(current.failedJobs), ...(run.workflow !== "workflow" ? { workflow: run.workflow } : {}) }, completedNow: false };
  }
  if (current && !isNewer(current, report)) return null;
  const sameAttempt = current !== null && current.attempt === report.attempt;
  const completedNow = report.status === "completed" && (!current || current.status !== "completed" || current.attempt < report.attempt);
  return { fields: { ...run, failedJobs: failedJobs ?? (sameAttempt ? current.failedJobs : []) }, completedNow };
}
