import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { gitea } from "./gitea";
import { PayloadError } from "./types";

const fixture = (name: string) => JSON.parse(readFileSync(join(process.cwd(), "test/fixtures/webhooks/gitea-actions", name), "utf8")) as Record<string, Record<string, unknown>>;
const withRun = (change: Record<string, unknown>) => {
  const payload = fixture("workflow-run-completed.json");
  return { ...payload, workflow_run: { ...payload.workflow_run, ...change } };
};
const withJob = (change: Record<string, unknown>) => {
  const payload = fixture("workflow-job-completed.json");
  return { ...payload, workflow_job: { ...payload.workflow_job, ...change } };
};
const parse = (event: string, payload: unknown) => gitea.parse(event, payload).normalized;

describe("Gitea Actions deliveries", () => {
  it("reads a finished run: its workflow's name, the failure, the run's page and times", () => {
    expect(parse("workflow_run", fixture("workflow-run-completed.json"))).toEqual({
      kind: "ci",
      repository: "example/example",
      report: {
        runId: "42",
        attempt: 1,
        workflow: "CI",
        branch: "main",
        commitSha: "2d7e3b6f0a1c4e5d8b9f7a6c3e2d1b0a9f8e7d6c",
        author: "example",
        event: "push",
        status: "completed",
        conclusion: "failure",
        url: "http://localhost:3000/example/example/actions/runs/7",
        startedAt: new Date("2026-11-28T14:01:12Z"),
        finishedAt: new Date("2026-11-28T14:05:42Z"),
        reportedAt: new Date("2026-11-28T14:05:42Z"),
        job: null,
        failedJobs: null,
      },
    });
  });

  it("reads a job as its run moving along, with the failed job's log, and a queued job's zero times as none", () => {
    expect(parse("workflow_job", fixture("workflow-job-completed.json"))).toMatchObject({
      kind: "ci",
      report: { runId: "42", workflow: "workflow", status: "in_progress", job: { name: "test", url: "http://localhost:3000/example/example/actions/runs/7/jobs/311", conclusion: "failure", status: "completed" } },
    });
    expect(parse("workflow_job", fixture("workflow-job-queued.json"))).toMatchObject({
      kind: "ci",
      report: { status: "queued", startedAt: new Date("2026-11-28T14:01:10Z"), job: { conclusion: null, status: "queued" } },
    });
  });

  it("names the workflow by its file when Gitea sends no workflow object, and counts attempt 0 as the first", () => {
    const payload: Record<string, unknown> = withRun({ run_attempt: 0, completed_at: "0001-01-01T00:00:00Z" });
    delete payload.workflow;
    expect(parse("workflow_run", payload)).toMatchObject({ report: { workflow: "ci.yml", attempt: 1, finishedAt: new Date("2026-11-28T14:05:42Z") } });
  });

  it.each([
    ["a javascript: link", withRun({ html_url: "javascript:alert(1)" })],
    ["a sha that is not hex", withRun({ head_sha: "$(reboot)" })],
    ["a branch with ..", withRun({ head_branch: "main/../../etc" })],
    ["a run id that is not a number", withRun({ id: "42; DROP" })],
    ["an unknown status", withRun({ status: "exploded" })],
    ["a job link to a file", withJob({ html_url: "file:///etc/passwd" })],
    ["a job name of 10 000 characters", withJob({ name: "x".repeat(10_000) })],
  ])("refuses %s", (_case, payload) => {
    const event = "workflow_job" in payload ? "workflow_job" : "workflow_run";
    expect(() => parse(event, payload)).toThrow(PayloadError);
  });
});
