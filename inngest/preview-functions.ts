// preview/changed → the pull request's comment says what its preview does now (one at a time per preview, so
// the first comment is made once); preview/sweep → previews of pull requests closed meanwhile are removed.
import { updatePreviewComment } from "@/lib/server/previews/preview-comment";
import { sweepClosedPreviews } from "@/lib/server/previews/sweep-previews";
import { previewChanged, previewSweep } from "@/lib/server/outbox/events";
import { inngest } from "./client";

export const commentOnPullRequest = inngest.createFunction(
  {
    id: "comment-on-pull-request",
    name: "Bring a preview's pull-request comment up to date",
    triggers: [previewChanged],
    concurrency: [{ key: "event.data.previewId", limit: 1 }],
    retries: 4,
  },
  async ({ event, step }) => step.run("comment", () => updatePreviewComment(event.data.previewId)),
);

export const sweepPreviews = inngest.createFunction(
  { id: "sweep-previews", name: "Remove previews of closed pull requests", triggers: [previewSweep], concurrency: [{ limit: 1 }], retries: 1 },
  async ({ step }) => step.run("sweep", () => sweepClosedPreviews()),
);
