// runner/job-queued → wait for a slot in the job's pool (priority order) → GitHub still has it queued? →
// just-in-time runner started → after the pool's idle TTL, a runner that has not taken its job is swept, and
// the job, still queued, waits for another (up to RUNNERS_PER_JOB). The run's state lives with the executor,
// so a restart in between resumes where it stopped.
import { capacityDelay, claimRunner } from "@/lib/server/runners/claim-runner";
import { sweepIdleRunner } from "@/lib/server/runners/finish-runner-job";
import { endRunnerJob, startRunner } from "@/lib/server/runners/start-runner";
import { runnerJobQueued } from "@/lib/server/outbox/events";
import { inngest } from "./client";

export const runRunnerJob = inngest.createFunction(
  {
    id: "run-runner-job",
    name: "Start an ephemeral runner for a queued GitHub Actions job",
    triggers: [runnerJobQueued],
    retries: 3,
    onFailure: async ({ event, error }) => {
      const { jobRowId } = runnerJobQueued.schema.parse(event.data.event.data);
      return endRunnerJob(jobRowId, "failed", `No runner could be started: ${error.message}`);
    },
  },
  async ({ event, step }) => {
    const { jobRowId } = event.data;
    for (let round = 1; ; round++) {
      // Step ids are the executor's memory: the first runner's keep their names, later ones are numbered.
      const id = (name: string) => (round === 1 ? name : `${name}@${round}`);
      let claim = await step.run(id("claim"), () => claimRunner(jobRowId));
      for (let attempt = 1; claim.outcome === "wait"; attempt++) {
        await step.sleep(id(`capacity-${attempt}`), capacityDelay(attempt));
        claim = await step.run(id(`claim-${attempt}`), () => claimRunner(jobRowId));
      }
      if (claim.outcome !== "claimed") return claim;
      const started = await step.run(id("start-runner"), () => startRunner(jobRowId));
      if (started.outcome !== "started") return started;
      await step.sleep(id("boot"), `${started.bootSeconds}s`);
      let swept = await step.run(id("sweep-if-idle"), () => sweepIdleRunner(jobRowId, round));
      for (let check = 1; swept.outcome === "not_yet" && "seconds" in swept; check++) {
        await step.sleep(id(`boot-${check}`), `${swept.seconds}s`);
        swept = await step.run(id(`sweep-if-idle-${check}`), () => sweepIdleRunner(jobRowId, round));
      }
      if (swept.outcome !== "retry") return swept;
    }
  },
);
