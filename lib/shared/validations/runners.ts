import { z } from "zod";
import { repositoryNameSchema } from "./git";

export const runnerLabelSchema = z.string().trim().min(1).max(100).regex(/^[\w.:/-]+$/, "must be a runner label (letters, digits, . _ : / -)");
// An image reference: [registry/]name[:tag|@digest], no options, no spaces.
const imageSchema = z.string().trim().min(1).max(255).regex(/^[a-z0-9][a-z0-9._/:@-]*$/i, "must be an image reference such as ghcr.io/actions/actions-runner:latest");
const scopeSchema = z.union([repositoryNameSchema, z.string().trim().regex(/^[A-Za-z0-9][A-Za-z0-9_.-]{0,99}$/, "must be owner/name or an organization")]);
export const priorityRuleSchema = z.object({
  match: z.string().regex(/^(label|branch):[\w.:/*-]{1,100}$/, "must be label:<name> or branch:<name>"),
  points: z.number().int().min(-1000).max(1000),
});

const poolFields = {
  name: z.string().trim().min(1).max(60).regex(/^[a-z0-9][a-z0-9-]*$/, "must be lowercase letters, digits and dashes"),
  labels: z.array(runnerLabelSchema).max(20),
  image: imageSchema,
  max_runners: z.number().int().min(1).max(100),
  idle_ttl_s: z.number().int().min(10).max(86_400),
  memory_limit_mb: z.number().int().min(64).max(1_048_576).nullable(),
  cpu_limit: z.number().min(0.1).max(256).nullable(),
  repositories: z.array(scopeSchema).max(100),
  priority_rules: z.array(priorityRuleSchema).max(50),
  org_wide: z.boolean(),
};

const POOL_DEFAULTS = {
  labels: [] as string[],
  image: "ghcr.io/actions/actions-runner:latest",
  max_runners: 2,
  idle_ttl_s: 300,
  memory_limit_mb: null as number | null,
  cpu_limit: null as number | null,
  repositories: [] as string[],
  priority_rules: [] as z.infer<typeof priorityRuleSchema>[],
  org_wide: false,
};

export const runnerPoolSchema = z
  .object({ name: poolFields.name, ...z.object(poolFields).omit({ name: true }).partial().shape })
  .strict()
  .transform((input) => ({ ...POOL_DEFAULTS, ...Object.fromEntries(Object.entries(input).filter(([, value]) => value !== undefined)), name: input.name }));

export type PriorityRule = z.infer<typeof priorityRuleSchema>;

export type RunnerPoolInput = z.infer<typeof runnerPoolSchema>;

export const updateRunnerPoolSchema = z.object(poolFields).partial().strict();

export type RunnerPoolPatch = z.infer<typeof updateRunnerPoolSchema>;

export const listRunnerJobsQuerySchema = z.object({
  status: z.enum(["pending", "running", "completed"]).optional(),
  scope: z.enum(["mine", "all"]).default("mine"),
  limit: z.coerce.number().int().min(1).max(200).default(100),
});

export type ListRunnerJobsQuery = z.infer<typeof listRunnerJobsQuerySchema>;
