// runner/job-finished → the job's runner container is removed and its outcome counted.
import { finishRunnerJob } from "@/lib/server/runners/finish-runner-job";
import { runnerJobFinished } from "@/lib/server/outbox/events";
import { inngest } from "./client";

export const removeRunner = inngest.createFunction(
  { id: "remove-runner", name: "Remove a finished job's runner", triggers: [runnerJobFinished], retries: 4 },
  async ({ event, step }) => step.run("remove", () => finishRunnerJob(event.data.jobRowId)),
);
