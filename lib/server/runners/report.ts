// What a GitHub workflow_job delivery says about a job that asked for a self-hosted runner.
import { z } from "zod";
import { CI_STATUSES } from "@/lib/shared/ci/outcomes";
import { ciConclusionSchema } from "@/lib/shared/validations/ci";
import { runnerLabelSchema } from "@/lib/shared/validations/runners";


export const runnerJobReportSchema = z.object({
  jobId: z.string().regex(/^\d{1,20}$/),
  runId: z.string().regex(/^\d{1,20}$/),
  name: z.string().trim().min(1).max(200),
  labels: z.array(runnerLabelSchema).max(50),
  branch: z.string().max(255).nullable(),
  status: z.enum(CI_STATUSES),
  conclusion: ciConclusionSchema.nullable(),
  runnerName: z.string().max(200).nullable(),
});

export type RunnerJobReport = z.infer<typeof runnerJobReportSchema>;

// GitHub routes a job to self-hosted runners only when it asks for the label.
export function wantsSelfHosted(report: RunnerJobReport): boolean {
  return report.labels.some((label) => label.toLowerCase() === "self-hosted");
}
