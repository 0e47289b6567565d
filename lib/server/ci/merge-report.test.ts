import { describe, expect, it } from "vitest";
import { mergeReport, type StoredRun } from "./merge-report";
import type { CiReport } from "./report";

const minute = (n: number) => new Date(Date.UTC(2026, 10, 28, 14, n));

function report(overrides: Partial<CiReport> = {}): CiReport {
  return {
    runId: "42",
    attempt: 1,
    workflow: "CI",
    branch: "main",
    commitSha: "a".repeat(40),
    author: "Jane",
    event: "push",
    status: "in_progress",
    conclusion: null,
    url: null,
    startedAt: minute(0),
    finishedAt: null,
    reportedAt: minute(1),
    job: null,
    failedJobs: null,
    ...overrides,
  };
}

const stored = (overrides: Partial<StoredRun> = {}): StoredRun => ({ attempt: 1, status: "in_progress", reportedAt: minute(1), failedJobs: [], ...overrides });

describe("mergeReport", () => {
  it("takes a first report whole and says when it finishes the run", () => {
    expect(mergeReport(null, report())).toMatchObject({ fields: { status: "in_progress", workflow: "CI" }, completedNow: false });
    expect(mergeReport(null, report({ status: "completed", conclusion: "failure" }))?.completedNow).toBe(true);
  });

  it("never goes back: an earlier status, an earlier update of the same status or an earlier attempt is ignored", () => {
    const done = stored({ status: "completed", reportedAt: minute(9) });
    expect(mergeReport(done, report({ status: "in_progress", reportedAt: minute(20) }))).toBeNull();
    expect(mergeReport(done, report({ status: "completed", conclusion: "success", reportedAt: minute(5) }))).toBeNull();
    expect(mergeReport(stored({ attempt: 2 }), report({ attempt: 1, status: "completed", conclusion: "failure" }))).toBeNull();
  });

  it("applies a repeated completed report without finishing the run a second time, and a new attempt as a new finish", () => {
    const done = stored({ status: "completed", reportedAt: minute(9) });
    expect(mergeReport(done, report({ status: "completed", conclusion: "failure", reportedAt: minute(9) }))?.completedNow).toBe(false);
    const rerun = mergeReport(done, report({ attempt: 2, status: "completed", conclusion: "success", reportedAt: minute(12) }));
    expect(rerun).toMatchObject({ completedNow: true, fields: { attempt: 2, failedJobs: [] } });
  });

  it("keeps failed jobs from job reports, drops them for a new attempt, and never lets a job finish the run", () => {
    const job = (name: string, conclusion: string | null, attempt = 1) =>
      report({ attempt, reportedAt: null, job: { name, url: null, conclusion, status: conclusion ? "completed" : "in_progress" } });
    const first = mergeReport(null, job("test", "failure"));
    expect(first).toMatchObject({ fields: { status: "in_progress", failedJobs: [{ name: "test", conclusion: "failure" }] }, completedNow: false });
    const done = stored({ status: "completed", failedJobs: [{ name: "test", url: null, conclusion: "failure" }] });
    expect(mergeReport(done, job("lint", "failure"))).toMatchObject({ fields: { status: "completed", failedJobs: [{ name: "test" }, { name: "lint" }] } });
    expect(mergeReport(done, job("lint", "failure", 2))?.fields.failedJobs).toEqual([{ name: "lint", url: null, conclusion: "failure" }]);
    // The run's own completed report keeps the jobs the job reports named.
    expect(mergeReport(stored({ failedJobs: [{ name: "test", url: null, conclusion: "failure" }] }), report({ status: "completed", conclusion: "failure", reportedAt: minute(5) }))?.fields.failedJobs).toHaveLength(1);
  });
});
