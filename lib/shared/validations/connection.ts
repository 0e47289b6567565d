import { z } from "zod";
import { OAUTH_PROVIDERS } from "@/lib/shared/providers/labels";
import { branchSchema } from "./git";
import { createServiceSchema, repositoryFullNameSchema, serviceNameSchema } from "./service";

export const oauthProviderSchema = z.enum(OAUTH_PROVIDERS);

const eventsSchema = z.array(z.enum(["push", "pull_request", "workflow_run", "workflow_job", "pipeline"])).min(1).max(5);

export const connectRepositorySchema = z
  .object({
    provider: oauthProviderSchema,
    repository_full_name: repositoryFullNameSchema,
    name: serviceNameSchema.optional(),
    branch: branchSchema.optional(),
    setup_webhook: z.boolean().default(true),
    webhook_events: eventsSchema.optional(),
    build: createServiceSchema.shape.build,
    runtime: createServiceSchema.shape.runtime,
  })
  .strict();

export type ConnectRepositoryInput = z.infer<typeof connectRepositorySchema>;

export const updateConnectionSchema = z
  .object({ is_enabled: z.boolean(), branch: branchSchema, events: eventsSchema, wait_for_ci: z.boolean() })
  .partial()
  .strict();

export type UpdateConnectionInput = z.infer<typeof updateConnectionSchema>;

export const listRepositoriesQuerySchema = z.object({
  provider: oauthProviderSchema,
  search: z.string().trim().max(100).optional(),
  page: z.coerce.number().int().min(1).max(1000).default(1),
  per_page: z.coerce.number().int().min(1).max(100).default(30),
});

export type ListRepositoriesQuery = z.infer<typeof listRepositoriesQuerySchema>;

export const listBranchesQuerySchema = z.object({ provider: oauthProviderSchema, repository: repositoryFullNameSchema });

export type ListBranchesQuery = z.infer<typeof listBranchesQuerySchema>;
