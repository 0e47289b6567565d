import { z } from "zod";
import { CI_STATUSES } from "@/lib/shared/ci/outcomes";
import { branchSchema, repositoryNameSchema } from "./git";
import { listScopeSchema } from "./list-scope";

// A link a CI provider sends (a run, a job's log): http or https only, so a page never renders a
// javascript: or data: link, and bounded.
export const ciLinkSchema = z.url({ protocol: /^https?$/ }).max(2048);

// A provider's conclusion word: success, failure, timed_out, …
export const ciConclusionSchema = z.string().regex(/^[a-z_]{1,40}$/, "must be a provider's conclusion word");

export const listCiRunsQuerySchema = z.object({
  repository: repositoryNameSchema.optional(),
  branch: branchSchema.optional(),
  status: z.enum(CI_STATUSES).optional(),
  service_id: z.string().min(1).max(64).optional(),
  connection_id: z.string().min(1).max(64).optional(),
  scope: listScopeSchema,
  limit: z.coerce.number().int().min(1).max(200).default(50),
});

export type ListCiRunsQuery = z.infer<typeof listCiRunsQuerySchema>;

export const listIncidentsQuerySchema = z.object({
  repository: repositoryNameSchema.optional(),
  state: z.enum(["open", "resolved"]).optional(),
  scope: listScopeSchema,
  limit: z.coerce.number().int().min(1).max(200).default(100),
});

export type ListIncidentsQuery = z.infer<typeof listIncidentsQuerySchema>;
