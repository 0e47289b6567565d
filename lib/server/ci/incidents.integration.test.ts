// CI deliveries through the real receiver: runs converge whatever the order, a red workflow opens one
// incident per branch, further failures count up, and the next green run of that workflow on that branch
// resolves it. Payloads are GitHub's recorded examples (@octokit/webhooks-examples) and GitLab's recorded
// pipeline hook, with ids, shas, branches and times changed.
import { createHmac, randomUUID } from "node:crypto";
import { describe, expect, it } from "vitest";
import { db } from "@/lib/server/db";
import { githubDelivery } from "@/test/support/github-delivery";
import { createTestUser } from "@/test/support/users";
import { at, nextRunId, workflowJob, workflowRun } from "@/test/support/ci-runs";
import { deliver, fixture, serviceWithWebhook } from "@/test/support/webhooks";
import { getIncident, listIncidents, resolveIncident } from "./incidents";
import { listCiRuns } from "./list-ci-runs";

async function github() {
  const { user, service, secret } = await serviceWithWebhook({ branch: "main" });
  const send = async (event: string, payload: unknown) => {
    const answer = await deliver("github", service.id, githubDelivery(secret, event, payload));
    expect(answer.status, JSON.stringify(answer.body)).toBe(200);
    return answer.body;
  };
  const incidents = async () => (await listIncidents(user, { scope: "mine", limit: 100 })).incidents;
  return { user, service, secret, send, incidents };
}

describe("GitHub Actions runs and incidents", () => {
  it("opens an incident for a failed run with its failing job, counts a second failure, and resolves on the next green run", async () => {
    const { user, service, send, incidents } = await github();
    const first = nextRunId();
    await send("workflow_job", workflowJob(first, "test", "failure"));
    const answer = await send("workflow_run", workflowRun({ id: first, status: "completed", conclusion: "failure", start: 2, update: 9 }));
    expect(answer).toMatchObject({ status: "processed", message: expect.stringMatching(/failure; incident opened$/) });

    const [opened] = await incidents();
    expect(opened).toMatchObject({ state: "open", workflow: "CI", branch: "main", failures: 1, opened_at: at(9) });
    expect(opened?.last_run).toMatchObject({ conclusion: "failure", author: "Jane Doe", failed_jobs: [{ name: "test", conclusion: "failure", url: expect.stringMatching(/job\/7$/) }] });
    const bell = await db.notification.findMany({ where: { userId: user.id, type: "incident_opened" } });
    expect(bell).toHaveLength(1);
    expect(bell[0]?.message).toMatch(/^CI is red: CI on main of .+ failed \(test\) at [0-9a-f]{7} by Jane Doe$/);

    await send("workflow_run", workflowRun({ status: "completed", conclusion: "failure", start: 12, update: 15 }));
    expect((await incidents())[0]).toMatchObject({ id: opened?.id, state: "open", failures: 2 });

    await send("workflow_run", workflowRun({ branch: "feature", status: "completed", conclusion: "success", start: 20, update: 25 }));
    expect((await incidents())[0]).toMatchObject({ id: opened?.id, state: "open" });

    await send("workflow_run", workflowRun({ status: "completed", conclusion: "success", start: 40, update: 56 }));
    const [resolved] = await incidents();
    expect(resolved).toMatchObject({ id: opened?.id, state: "resolved", resolved_by: "run", resolved_at: at(56), red_for_ms: 47 * 60_000 });
    const green = await db.notification.findFirst({ where: { userId: user.id, type: "incident_resolved" } });
    expect(green?.message).toMatch(/^CI is green again: CI on main of .+, red for 47 min$/);
    expect((await listCiRuns(user, { service_id: service.id, scope: "mine", limit: 50 })).runs).toHaveLength(4);
  });

  it("converges when deliveries arrive out of order and twice: completed before in_progress, an old report after a new one", async () => {
    const { user, send, incidents } = await github();
    const id = nextRunId();
    const completed = workflowRun({ id, status: "completed", conclusion: "failure", start: 1, update: 8 });
    await send("workflow_run", completed);
    const late = await send("workflow_run", workflowRun({ id, status: "in_progress", start: 1, update: 3 }));
    expect(late.message).toMatch(/older report than the one recorded, ignored$/);
    await send("workflow_run", { ...completed });

    const runs = (await listCiRuns(user, { scope: "mine", limit: 50 })).runs;
    expect(runs).toHaveLength(1);
    expect(runs[0]).toMatchObject({ status: "completed", conclusion: "failure", duration_ms: 7 * 60_000 });
    expect(await incidents()).toMatchObject([{ state: "open", failures: 1 }]);

    // A re-run (attempt 2) that passes is newer than the failed attempt and resolves.
    await send("workflow_run", workflowRun({ id, attempt: 2, status: "completed", conclusion: "success", start: 10, update: 14 }));
    expect(await incidents()).toMatchObject([{ state: "resolved" }]);
    expect((await listCiRuns(user, { scope: "mine", limit: 50 })).runs[0]).toMatchObject({ attempt: 2, conclusion: "success" });
  });

  it("lets neither an older success resolve a newer failure nor an older failure reopen a workflow made green", async () => {
    const { send, incidents } = await github();
    await send("workflow_run", workflowRun({ status: "completed", conclusion: "failure", start: 30, update: 35 }));
    await send("workflow_run", workflowRun({ status: "completed", conclusion: "success", start: 10, update: 40 }));
    expect(await incidents()).toMatchObject([{ state: "open" }]);

    const fresh = await github();
    await fresh.send("workflow_run", workflowRun({ status: "completed", conclusion: "success", start: 30, update: 35 }));
    await fresh.send("workflow_run", workflowRun({ status: "completed", conclusion: "failure", start: 10, update: 40 }));
    expect(await fresh.incidents()).toEqual([]);
  });

  it("keeps incidents to their owner, resolves one by hand once, and refuses hostile run payloads", async () => {
    const { service, secret, send, incidents, user } = await github();
    await send("workflow_run", workflowRun({ status: "completed", conclusion: "timed_out", start: 1, update: 2 }));
    const [incident] = await incidents();
    const stranger = await createTestUser();
    expect((await listIncidents(stranger, { scope: "mine", limit: 100 })).incidents).toEqual([]);
    await expect(getIncident(stranger, incident?.id ?? "")).rejects.toMatchObject({ code: "not_found" });
    await expect(resolveIncident(stranger, incident?.id ?? "")).rejects.toMatchObject({ code: "not_found" });

    expect(await resolveIncident(user, incident?.id ?? "")).toMatchObject({ state: "resolved", resolved_by: "user" });
    await expect(resolveIncident(user, incident?.id ?? "")).rejects.toMatchObject({ code: "conflict" });

    for (const hostile of [{ html_url: "javascript:alert(1)" }, { head_sha: "HEAD~1" }, { head_branch: "main..evil" }, { id: "1; DROP TABLE" }]) {
      const payload = workflowRun({ status: "completed", conclusion: "failure", start: 1, update: 2 });
      Object.assign(payload.workflow_run as object, hostile);
      const answer = await deliver("github", service.id, githubDelivery(secret, "workflow_run", payload));
      expect(answer.status, JSON.stringify(hostile)).toBe(400);
      expect(String(answer.body.detail)).toMatch(/^Not a GitHub workflow_run payload: workflow_run\./);
    }
    expect((await listCiRuns(user, { scope: "mine", limit: 50 })).runs).toHaveLength(1);
  });
});

describe("GitLab pipelines and incidents", () => {
  it("opens an incident with the failed jobs of a failed pipeline and resolves it on the next successful one", async () => {
    const { user, service, secret } = await serviceWithWebhook({ branch: "master" }, "gitlab");
    const recorded = JSON.parse(fixture("gitlab/pipeline-event.json").toString("utf8")) as Record<string, Record<string, unknown>>;
    const pipeline = (id: number, status: string, minute: number, buildStatus: string) => ({
      ...recorded,
      object_attributes: { ...recorded.object_attributes, id, status, created_at: `2026-11-28 15:${String(minute).padStart(2, "0")}:00 UTC`, finished_at: `2026-11-28 15:${String(minute + 5).padStart(2, "0")}:00 UTC` },
      builds: (recorded.builds as unknown as Record<string, unknown>[]).map((build) => (build.name === "test-build" ? { ...build, status: buildStatus } : build)),
    });
    const send = async (body: unknown) => {
      const headers = { "content-type": "application/json", "x-gitlab-event": "Pipeline Hook", "x-gitlab-token": secret, "idempotency-key": randomUUID() };
      const answer = await deliver("gitlab", service.id, { body: JSON.stringify(body), headers });
      expect(answer.status, JSON.stringify(answer.body)).toBe(200);
    };

    await send(pipeline(nextRunId(), "running", 0, "running"));
    await send(pipeline(nextRunId(), "failed", 10, "failed"));
    const [opened] = (await listIncidents(user, { scope: "mine", limit: 10 })).incidents;
    expect(opened).toMatchObject({ state: "open", workflow: "pipeline_name", branch: "master", failures: 1 });
    expect(opened?.last_run?.failed_jobs).toEqual([{ name: "test-build", conclusion: "failure", url: "http://192.168.64.1:3005/gitlab-org/gitlab-test/-/jobs/378" }]);

    await send(pipeline(nextRunId(), "success", 20, "success"));
    expect((await listIncidents(user, { scope: "mine", limit: 10 })).incidents).toMatchObject([{ id: opened?.id, state: "resolved", red_for_ms: 10 * 60_000 }]);
  });

  it("counts a second failed pipeline, ignores another branch's success, and converges when a pipeline's hooks arrive out of order", async () => {
    const { user, service, secret } = await serviceWithWebhook({ branch: "master" }, "gitlab");
    const recorded = JSON.parse(fixture("gitlab/pipeline-event.json").toString("utf8")) as Record<string, Record<string, unknown>>;
    const pipeline = (id: number, status: string, minute: number, ref = "master") => ({
      ...recorded,
      object_attributes: { ...recorded.object_attributes, id, ref, status, created_at: `2026-11-28 16:${String(minute).padStart(2, "0")}:00 UTC`, finished_at: status === "running" ? null : `2026-11-28 16:${String(minute + 3).padStart(2, "0")}:00 UTC` },
    });
    const send = async (body: unknown) => {
      const headers = { "content-type": "application/json", "x-gitlab-event": "Pipeline Hook", "x-gitlab-token": secret, "idempotency-key": randomUUID() };
      expect((await deliver("gitlab", service.id, { body: JSON.stringify(body), headers })).status).toBe(200);
    };
    const incidents = async () => (await listIncidents(user, { scope: "mine", limit: 10 })).incidents;

    const late = nextRunId();
    await send(pipeline(late, "failed", 1));
    await send(pipeline(late, "running", 1));
    expect((await listCiRuns(user, { service_id: service.id, scope: "mine", limit: 10 })).runs).toMatchObject([{ run_id: String(late), status: "completed", conclusion: "failure" }]);
    await send(pipeline(nextRunId(), "failed", 10));
    expect(await incidents()).toMatchObject([{ state: "open", failures: 2 }]);
    await send(pipeline(nextRunId(), "success", 20, "feature"));
    expect(await incidents()).toMatchObject([{ state: "open", failures: 2 }]);
  });
});

describe("Bitbucket commit statuses and GitLab job hooks", () => {
  it("tracks a Bitbucket build status from in progress to successful as one run of its commit (recorded payloads)", async () => {
    const { user, service, secret } = await serviceWithWebhook({}, "bitbucket");
    const send = async (file: string, event: string) => {
      const body = fixture(file);
      const signature = `sha256=${createHmac("sha256", secret).update(body).digest("hex")}`;
      const answer = await deliver("bitbucket", service.id, { body, headers: { "content-type": "application/json", "x-event-key": event, "x-request-uuid": randomUUID(), "x-hub-signature": signature } });
      expect(answer.status, JSON.stringify(answer.body)).toBe(200);
      return answer.body;
    };
    await send("bitbucket/repo-commit-status-updated.json", "repo:commit_status_updated");
    expect((await send("bitbucket/repo-commit-status-created.json", "repo:commit_status_created")).message).toMatch(/ignored$/);
    const runs = (await listCiRuns(user, { service_id: service.id, scope: "mine", limit: 10 })).runs;
    expect(runs).toMatchObject([
      {
        workflow: "Unit Tests (Python)",
        run_id: "9fec847784ab:mybuildtool",
        commit_sha: "9fec847784abb10b2fa567ee63b85bd238955d0e",
        status: "completed",
        conclusion: "success",
        url: "https://my-build-tool.com/builds/MY-PROJECT/BUILD-792",
        branch: null,
      },
    ]);
  });

  it("adds a GitLab job hook's failed job, with its log, to its pipeline's run (recorded payload)", async () => {
    const { user, service, secret } = await serviceWithWebhook({}, "gitlab");
    const recorded = JSON.parse(fixture("gitlab/job-event.json").toString("utf8")) as Record<string, unknown>;
    const headers = { "content-type": "application/json", "x-gitlab-event": "Job Hook", "x-gitlab-token": secret };
    const answer = await deliver("gitlab", service.id, { body: JSON.stringify({ ...recorded, build_status: "failed" }), headers: { ...headers, "idempotency-key": randomUUID() } });
    expect(answer.status, JSON.stringify(answer.body)).toBe(200);
    const [run] = (await listCiRuns(user, { service_id: service.id, scope: "mine", limit: 10 })).runs;
    expect(run).toMatchObject({ run_id: "2366", branch: "gitlab-script-trigger", failed_jobs: [{ name: "test", conclusion: "failure", url: "http://192.168.64.1:3005/gitlab-org/gitlab-test/-/jobs/1977" }] });
  });
});

