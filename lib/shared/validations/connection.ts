import { z } from "zod";
import { WEBHOOK_EVENTS } from "@/lib/shared/connections/events";
import { OAUTH_PROVIDERS } from "@/lib/shared/providers/labels";
import { listScopeSchema } from "./list-scope";
import { branchSchema } from "./git";
import { createServiceSchema, repositoryFullNameSchema, serviceNameSchema } from "./service";

export const oauthProviderSchema = z.enum(OAUTH_PROVIDERS);

const eventsSchema = z.array(z.enum(WEBHOOK_EVENTS)).min(1).max(WEBHOOK_EVENTS.length);

// What a connection is for: deploying pushes (it makes a service), watching CI (incidents, runners), or both.
export const CONNECT_MODES = ["both", "deploy", "ci"] as const;
export type ConnectMode = (typeof CONNECT_MODES)[number];

// The fields that describe the service a connection makes; a CI-only connection makes none.
const SERVICE_FIELDS = ["name", "branch", "build", "runtime", "target"] as const;

export const connectRepositorySchema = z
  .object({
    provider: oauthProviderSchema,
    repository_full_name: repositoryFullNameSchema,
    mode: z.enum(CONNECT_MODES).default("both"),
    name: serviceNameSchema.optional(),
    branch: branchSchema.optional(),
    setup_webhook: z.boolean().default(true),
    webhook_events: eventsSchema.optional(),
    build: createServiceSchema.shape.build.unwrap().optional(),
    runtime: createServiceSchema.shape.runtime.unwrap().optional(),
    target: createServiceSchema.shape.target.unwrap().optional(),
  })
  .strict()
  .superRefine((input, context) => {
    if (input.mode !== "ci") return;
    for (const field of SERVICE_FIELDS) {
      if (input[field] !== undefined) context.addIssue({ code: "custom", path: [field], message: "A CI-only connection makes no service: leave this out, or connect with mode both" });
    }
  });

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

export const listConnectionsQuerySchema = z.object({
  // ci_only: the connections that watch CI without a service.
  kind: z.enum(["all", "ci_only"]).default("all"),
  scope: listScopeSchema,
  limit: z.coerce.number().int().min(1).max(200).default(100),
});

export type ListConnectionsQuery = z.infer<typeof listConnectionsQuerySchema>;
