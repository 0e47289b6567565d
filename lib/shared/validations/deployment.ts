import { z } from "zod";
import { commitShaInputSchema } from "./git";

export const requestDeploymentSchema = z
  .object({
    // Absent: the head of the service's branch.
    commit_sha: commitShaInputSchema.optional(),
  })
  .strict();

export type RequestDeploymentInput = z.infer<typeof requestDeploymentSchema>;

export const deploymentListQuerySchema = z.object({ limit: z.coerce.number().int().min(1).max(100).default(20) });
