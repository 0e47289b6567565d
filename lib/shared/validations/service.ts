// The services API's request bodies. snake_case on the wire, as in every Berth API.
import { z } from "zod";
import { cloneUrlKind, cloneUrlSchema, branchSchema } from "./git";
import { listScopeSchema } from "./list-scope";

export const gitProviderSchema = z.enum(["github", "gitlab", "bitbucket", "gitea", "git"]);

// A DNS label: the name becomes the container's name and the service's host name.
export const serviceNameSchema = z
  .string()
  .trim()
  .min(1, "is required")
  .max(63, "must be at most 63 characters")
  .regex(/^[a-z0-9]([a-z0-9-]*[a-z0-9])?$/, "use lower-case letters, digits and hyphens, starting and ending with a letter or digit")
  // pr-12-web is the host name of web's preview of pull request 12.
  .refine((name) => !/^pr-\d+-/.test(name), "must not start with pr-<number>-, which names pull-request previews");

export const repositoryFullNameSchema = z
  .string()
  .trim()
  .max(255)
  .regex(/^[\w.-]+(\/[\w.-]+)+$/, "must look like owner/repository");

// Paths inside the repository: relative, and never climbing out of it.
const repoPathSchema = z
  .string()
  .trim()
  .min(1)
  .max(1024)
  .refine((path) => !path.startsWith("/") && !path.split("/").includes(".."), { message: "must be a path inside the repository" });

export const envNameSchema = z.string().regex(/^[A-Za-z_][A-Za-z0-9_]*$/, "must be a valid environment variable name");

const buildSchema = z
  .object({
    dockerfile_path: repoPathSchema.default("Dockerfile"),
    context_dir: repoPathSchema.default("."),
    build_args: z.record(envNameSchema, z.string().max(4096)).default({}),
    build_timeout_s: z.number().int().min(10, "must be at least 10").max(4 * 3600, "must be at most 14400 (4 hours)").default(900),
  })
  .strict();

const runtimeFields = {
  container_port: z.number().int().min(1).max(65535),
  health_check_path: z.string().trim().max(1024).regex(/^\/\S*$/, "must start with / and contain no spaces"),
  health_check_timeout_s: z.number().int().min(1).max(600),
  // null: the instance default (memory) or no limit (CPU).
  memory_limit_mb: z.number().int().min(6, "must be at least 6 (Docker's minimum)").max(1_048_576).nullable(),
  cpu_limit: z.number().min(0.01).max(1024).nullable(),
};

const runtimeSchema = z
  .object({
    container_port: runtimeFields.container_port.default(3000),
    health_check_path: runtimeFields.health_check_path.default("/"),
    health_check_timeout_s: runtimeFields.health_check_timeout_s.default(60),
    memory_limit_mb: runtimeFields.memory_limit_mb.default(null),
    cpu_limit: runtimeFields.cpu_limit.default(null),
    env_vars: z.record(envNameSchema, z.string().max(32_768)).default({}),
  })
  .strict();

// Where deployments run (docs/decisions/0012-deploy-targets.md). Swarm replicas are bounded by what one route
// lists (lib/server/routing/router-files.ts).
export const MAX_REPLICAS = 32;
export const targetSchema = z.discriminatedUnion("kind", [
  z.object({ kind: z.literal("docker") }).strict(),
  z.object({ kind: z.literal("swarm"), replicas: z.number().int().min(1).max(MAX_REPLICAS, `must be at most ${MAX_REPLICAS}`).default(1) }).strict(),
  z.object({ kind: z.literal("portainer"), stack_id: z.number().int().min(1).max(2_147_483_647) }).strict(),
]);
export type TargetInput = z.infer<typeof targetSchema>;

export const gitAuthSchema = z.discriminatedUnion("type", [
  z.object({ type: z.literal("token"), token: z.string().trim().min(1).max(4096), username: z.string().trim().min(1).max(255).optional() }).strict(),
  z
    .object({
      type: z.literal("ssh_key"),
      private_key: z.string().min(1).max(16_384).refine((key) => /-----BEGIN [A-Z ]*PRIVATE KEY-----/.test(key), { message: "must be a PEM or OpenSSH private key" }),
    })
    .strict(),
]);

export type GitAuth = z.infer<typeof gitAuthSchema>;

function checkAuthMatchesUrl(value: { clone_url?: string; git_auth?: GitAuth | null }, ctx: z.RefinementCtx) {
  if (!value.git_auth || !value.clone_url) return;
  const kind = cloneUrlKind(value.clone_url);
  if (value.git_auth.type === "token" && kind !== "https") {
    ctx.addIssue({ code: "custom", path: ["git_auth"], message: "an access token needs an https:// clone URL" });
  }
  if (value.git_auth.type === "ssh_key" && kind !== "ssh") {
    ctx.addIssue({ code: "custom", path: ["git_auth"], message: "an SSH deploy key needs an ssh:// or user@host:path clone URL" });
  }
}

export const createServiceSchema = z
  .object({
    name: serviceNameSchema,
    provider: gitProviderSchema,
    repository_full_name: repositoryFullNameSchema.optional(),
    clone_url: cloneUrlSchema,
    branch: branchSchema.default("main"),
    deploy_tags: z.boolean().default(false),
    git_auth: gitAuthSchema.nullish(),
    build: buildSchema.default({ dockerfile_path: "Dockerfile", context_dir: ".", build_args: {}, build_timeout_s: 900 }),
    runtime: runtimeSchema.default({ container_port: 3000, health_check_path: "/", health_check_timeout_s: 60, memory_limit_mb: null, cpu_limit: null, env_vars: {} }),
    target: targetSchema.default({ kind: "docker" }),
  })
  .strict()
  .superRefine(checkAuthMatchesUrl);

export type CreateServiceInput = z.infer<typeof createServiceSchema>;

export const updateServiceSchema = z
  .object({
    name: serviceNameSchema,
    provider: gitProviderSchema,
    repository_full_name: repositoryFullNameSchema.nullable(),
    clone_url: cloneUrlSchema,
    branch: branchSchema,
    deploy_tags: z.boolean(),
    // null removes the stored credential.
    git_auth: gitAuthSchema.nullable(),
    build: buildSchema.partial().strict(),
    runtime: z
      .object({
        ...runtimeFields,
        // Keys present are set; a null value deletes that variable; absent keys are left as they are.
        env_vars: z.record(envNameSchema, z.string().max(32_768).nullable()),
      })
      .partial()
      .strict(),
    target: targetSchema,
  })
  .partial()
  .strict()
  .superRefine(checkAuthMatchesUrl);

export type UpdateServiceInput = z.infer<typeof updateServiceSchema>;

export const listServicesQuerySchema = z.object({ scope: listScopeSchema });
