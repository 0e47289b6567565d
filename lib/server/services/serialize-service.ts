import type { Service } from "@/lib/generated/prisma/client";
import { containerLimits } from "@/lib/server/runtime/container-limits";
import { z } from "zod";
import { targetOf } from "./target-columns";

const buildArgsSchema = z.record(z.string(), z.string());

// The API's view of a service. Secrets stay out: env var names but not values, the kind of git
// credential but not the credential.
export function serializeService(service: Omit<Service, "gitAuthEncrypted" | "envVarsEncrypted" | "previewEnvVarsEncrypted">, envVarNames: string[]) {
  return {
    id: service.id,
    name: service.name,
    slug: service.slug,
    provider: service.provider,
    repository_full_name: service.repositoryFullName,
    clone_url: service.cloneUrl,
    branch: service.branch,
    deploy_tags: service.deployTags,
    git_auth: service.gitAuthType ? { type: service.gitAuthType } : null,
    build: {
      dockerfile_path: service.dockerfilePath,
      context_dir: service.buildContext,
      build_args: buildArgsSchema.parse(service.buildArgs),
      build_timeout_s: service.buildTimeout,
    },
    runtime: {
      container_port: service.containerPort,
      health_check_path: service.healthCheckPath,
      health_check_timeout_s: service.healthCheckTimeout,
      memory_limit_mb: service.memoryLimitMb,
      cpu_limit: service.cpuLimit,
      // What the containers really get, instance defaults included.
      limits: containerLimits(service),
      env_var_names: envVarNames.sort(),
    },
    // Where its deployments run: { kind: docker } | { kind: swarm, replicas } | { kind: portainer, stack_id }.
    target: targetOf(service),
    // Pull-request previews (their settings and list: GET /api/services/{id}/previews).
    previews: { enabled: service.previewsEnabled, max_concurrent: service.maxPreviews },
    // Set on a preview's own service: the service it previews.
    preview_of: service.previewOfId,
    status: service.status,
    created_at: service.createdAt.toISOString(),
    updated_at: service.updatedAt.toISOString(),
  };
}

export type ServiceResponse = ReturnType<typeof serializeService>;
