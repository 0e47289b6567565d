import { z } from "zod";

// SHA-1 (40) or SHA-256 (64) object names; abbreviations are not accepted, they can be ambiguous.
export const commitShaSchema = z
  .string()
  .trim()
  .regex(/^([0-9a-f]{40}|[0-9a-f]{64})$/i, "must be a full commit sha (40 or 64 hex characters)")
  .transform((sha) => sha.toLowerCase());

export const requestDeploymentSchema = z
  .object({
    // Absent: the head of the service's branch.
    commit_sha: commitShaSchema.optional(),
  })
  .strict();

export type RequestDeploymentInput = z.infer<typeof requestDeploymentSchema>;

export const deploymentListQuerySchema = z.object({ limit: z.coerce.number().int().min(1).max(100).default(20) });
