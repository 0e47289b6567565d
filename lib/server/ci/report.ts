// What one CI delivery says about a run, whichever provider sent it: GitHub's and Gitea's workflow_run and
// workflow_job, GitLab's Pipeline Hook and Job Hook, Bitbucket's build statuses. Each provider's parser
// validates its payload and maps it to this shape.
import { z } from "zod";
import { CI_STATUSES } from "@/lib/shared/ci/outcomes";
import { ciConclusionSchema, ciLinkSchema } from "@/lib/shared/validations/ci";
import { commitAuthorSchema, commitShaSchema } from "@/lib/shared/validations/git";

// Names and URLs come from the provider and are shown to people: bounded, never trusted as markup.
const nameSchema = z.string().trim().min(1).max(200);

export const ciJobSchema = z.object({ name: nameSchema, url: ciLinkSchema.nullable(), conclusion: ciConclusionSchema.nullable() });

export const ciReportSchema = z.object({
  runId: z.string().regex(/^[0-9A-Za-z_.:-]{1,100}$/),
  attempt: z.number().int().min(1).max(1000),
  workflow: nameSchema,
  branch: z.string().min(1).max(255).nullable(),
  commitSha: commitShaSchema.nullable(),
  author: commitAuthorSchema.nullable(),
  event: z.string().max(100).nullable(),
  status: z.enum(CI_STATUSES),
  conclusion: ciConclusionSchema.nullable(),
  url: ciLinkSchema.nullable(),
  startedAt: z.date().nullable(),
  finishedAt: z.date().nullable(),
  reportedAt: z.date().nullable(),
  // A job delivery (workflow_job) speaks for one job, not for the run's outcome.
  job: ciJobSchema.extend({ status: z.enum(CI_STATUSES) }).nullable(),
  // Deliveries that list the run's jobs (GitLab pipelines): the failed ones.
  failedJobs: z.array(ciJobSchema).max(100).nullable(),
});

export type CiReport = z.infer<typeof ciReportSchema>;
export type CiJob = z.infer<typeof ciJobSchema>;

// Provider timestamps ("2021-08-05T10:34:58Z", GitLab's "2016-08-12 15:23:28 UTC") as dates. Go's zero time
// ("0001-01-01T00:00:00Z", Gitea's "not yet") is no time.
const GO_ZERO_TIME_BOUND = Date.UTC(1970, 0, 2);

export const providerTime = z
  .string()
  .nullish()
  .transform((value, context) => {
    if (!value) return null;
    const time = Date.parse(value.replace(/^(\d{4}-\d\d-\d\d) (\d\d:\d\d:\d\d) UTC$/, "$1T$2Z"));
    if (Number.isNaN(time)) {
      context.addIssue({ code: "custom", message: "must be a date" });
      return z.NEVER;
    }
    return time < GO_ZERO_TIME_BOUND ? null : new Date(time);
  });
