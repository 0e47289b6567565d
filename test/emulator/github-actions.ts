// GitHub Actions as the emulated GitHub runs it, for Berth's runners: queued jobs with their labels, the
// jobs API (GET …/actions/jobs/{id}), just-in-time runner configurations (POST …/runners/generate-jitconfig)
// and the other end of a runner: it registers, is given the oldest queued job its labels fit, and reports
// the job finished. Every state change is sent to the repository's hooks as a workflow_job delivery. Test
// code only.
import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";

export type ActionsJob = {
  id: number;
  runId: number;
  fullName: string;
  name: string;
  labels: string[];
  branch: string;
  sha: string;
  status: "queued" | "in_progress" | "completed";
  conclusion: string | null;
  runnerName: string | null;
  createdAt: string;
  startedAt: string | null;
  completedAt: string | null;
};

export type EmulatedRunner = { id: number; name: string; labels: string[]; scope: string; registered: boolean; jobId: number | null };

type Deliver = (fullName: string, event: string, payload: unknown) => Promise<void>;

const lower = (values: string[]) => values.map((value) => value.toLowerCase());

export function githubActionsEmulator(deliver: Deliver) {
  const jobs = new Map<number, ActionsJob>();
  const runners = new Map<number, EmulatedRunner>();
  let nextId = 7_000_000;
  let runnerUrl = "";
  // How the emulated runners behave: whether they register at all, and how long a job runs.
  const behaviour = { register: true, jobSeconds: 2 };

  function jobJson(job: ActionsJob) {
    return {
      id: job.id,
      run_id: job.runId,
      run_attempt: 1,
      name: job.name,
      workflow_name: "CI",
      head_branch: job.branch,
      head_sha: job.sha,
      status: job.status,
      conclusion: job.conclusion,
      labels: job.labels,
      runner_name: job.runnerName,
      html_url: `https://github.com/${job.fullName}/actions/runs/${job.runId}/job/${job.id}`,
      created_at: job.createdAt,
      started_at: job.startedAt ?? job.createdAt,
      completed_at: job.completedAt,
    };
  }

  const send = (job: ActionsJob) => deliver(job.fullName, "workflow_job", { action: job.status, workflow_job: jobJson(job), repository: { id: 1, full_name: job.fullName } });

  function fits(runner: EmulatedRunner, job: ActionsJob) {
    const inScope = runner.scope === job.fullName.toLowerCase() || runner.scope === job.fullName.split("/")[0]?.toLowerCase();
    return inScope && lower(job.labels).every((label) => lower(runner.labels).includes(label));
  }

  async function register(runner: EmulatedRunner): Promise<string> {
    runner.registered = true;
    const job = [...jobs.values()].filter((candidate) => candidate.status === "queued" && fits(runner, candidate)).sort((a, b) => a.id - b.id)[0];
    if (!job) return "";
    Object.assign(job, { status: "in_progress", runnerName: runner.name, startedAt: new Date().toISOString() });
    runner.jobId = job.id;
    await send(job);
    return String(job.id);
  }

  async function finish(runner: EmulatedRunner, jobId: number) {
    const job = jobs.get(jobId);
    if (!job || job.runnerName !== runner.name || job.status !== "in_progress") return;
    Object.assign(job, { status: "completed", conclusion: "success", completedAt: new Date().toISOString() });
    await send(job);
  }

  // The runner's side of the protocol: POST /_runner/{id}/register, POST /_runner/{id}/finish?job=.
  async function runnerRequest(request: IncomingMessage, response: ServerResponse) {
    const target = new URL(request.url ?? "/", "http://runner");
    const match = /^\/_runner\/(\d+)\/(register|finish)$/.exec(target.pathname);
    const runner = match ? runners.get(Number(match[1])) : undefined;
    if (request.method !== "POST" || !match || !runner) return void response.writeHead(404).end();
    if (match[2] === "register") return void response.writeHead(200, { "Content-Type": "text/plain" }).end(await register(runner));
    await finish(runner, Number(target.searchParams.get("job")));
    response.writeHead(204).end();
  }

  return {
    behaviour,
    jobs: () => [...jobs.values()],
    runners: () => [...runners.values()],
    runnerRequest,
    // Runner containers reach the emulator on the Docker bridge's gateway, not on loopback.
    async listenForRunners(host: string) {
      const server = createServer((request, response) => {
        runnerRequest(request, response).catch(() => response.writeHead(500).end());
      });
      await new Promise<void>((resolve) => server.listen(0, host, resolve));
      runnerUrl = `http://${host}:${(server.address() as AddressInfo).port}`;
      return {
        url: runnerUrl,
        stop: () => new Promise<void>((resolve) => {
          server.closeAllConnections();
          server.close(() => resolve());
        }),
      };
    },
    async queueJob(fullName: string, input: { name: string; labels: string[]; branch?: string; runId?: number }) {
      const job: ActionsJob = {
        id: nextId++,
        runId: input.runId ?? nextId++,
        fullName,
        name: input.name,
        labels: input.labels,
        branch: input.branch ?? "main",
        sha: "c".repeat(40),
        status: "queued",
        conclusion: null,
        runnerName: null,
        createdAt: new Date().toISOString(),
        startedAt: null,
        completedAt: null,
      };
      jobs.set(job.id, job);
      await send(job);
      return job;
    },
    async cancelJob(jobId: number) {
      const job = jobs.get(jobId);
      if (!job || job.status === "completed") return;
      Object.assign(job, { status: "completed", conclusion: "cancelled", completedAt: new Date().toISOString() });
      await send(job);
    },
    // The REST endpoints, GitHub's paths without /api/v3; null for any other path.
    api(method: string, path: string, body: Record<string, unknown> | undefined): { status: number; body: unknown } | null {
      const jobPath = /^\/repos\/([^/]+\/[^/]+)\/actions\/jobs\/(\d+)$/.exec(path);
      if (method === "GET" && jobPath) {
        const job = jobs.get(Number(jobPath[2]));
        return job && job.fullName.toLowerCase() === jobPath[1]?.toLowerCase() ? { status: 200, body: jobJson(job) } : { status: 404, body: { message: "Not Found" } };
      }
      const jit = /^\/(?:repos\/([^/]+\/[^/]+)|orgs\/([^/]+))\/actions\/runners\/generate-jitconfig$/.exec(path);
      if (method === "POST" && jit) {
        const name = typeof body?.name === "string" ? body.name : "";
        const labels = Array.isArray(body?.labels) ? body.labels.filter((label): label is string => typeof label === "string") : [];
        if (!name || labels.length === 0 || body?.runner_group_id === undefined) return { status: 422, body: { message: "Invalid request: name, runner_group_id and labels are required" } };
        const runner: EmulatedRunner = { id: nextId++, name, labels, scope: (jit[1] ?? jit[2] ?? "").toLowerCase(), registered: false, jobId: null };
        runners.set(runner.id, runner);
        const config = { url: `${runnerUrl}/_runner/${runner.id}`, register: behaviour.register, seconds: behaviour.jobSeconds };
        return {
          status: 201,
          body: { runner: { id: runner.id, name, os: "linux", status: "offline", busy: false, labels: labels.map((label) => ({ name: label })) }, encoded_jit_config: Buffer.from(JSON.stringify(config)).toString("base64") },
        };
      }
      return null;
    },
  };
}

export type GithubActionsEmulator = ReturnType<typeof githubActionsEmulator>;
