// The GitHub Actions endpoints Berth's runners need: a job's state (checked before a runner is spent on it)
// and a just-in-time runner configuration, for a repository or an organization.
import { Octokit } from "@octokit/rest";
import { translate } from "./github";

export type ActionsJobState = { status: string; conclusion: string | null };

export function githubActions(options: { apiUrl: string; token: string }) {
  const octokit = new Octokit({ auth: options.token, baseUrl: options.apiUrl.replace(/\/+$/, ""), request: { timeout: 10_000, retries: 0 } });
  const split = (fullName: string) => {
    const [owner = "", repo = ""] = fullName.split("/");
    return { owner, repo };
  };
  return {
    // null: GitHub no longer knows the job.
    async jobState(repository: string, jobId: string): Promise<ActionsJobState | null> {
      try {
        const { data } = await octokit.rest.actions.getJobForWorkflowRun({ ...split(repository), job_id: Number(jobId) });
        return { status: data.status, conclusion: data.conclusion ?? null };
      } catch (error) {
        if ((error as { status?: number }).status === 404) return null;
        translate(error);
      }
    },
    // The runner registers with this alone (run.sh --jitconfig); it is good for one job.
    async jitConfig(target: { repository: string } | { org: string }, runner: { name: string; labels: string[] }): Promise<string> {
      const body = { name: runner.name, runner_group_id: 1, labels: runner.labels, work_folder: "_work" };
      try {
        const { data } =
          "org" in target
            ? await octokit.rest.actions.generateRunnerJitconfigForOrg({ org: target.org, ...body })
            : await octokit.rest.actions.generateRunnerJitconfigForRepo({ ...split(target.repository), ...body });
        return data.encoded_jit_config;
      } catch (error) {
        translate(error);
      }
    },
  };
}
