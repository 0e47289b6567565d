import { randomBytes, randomUUID } from "node:crypto";
import { ApiError } from "@/lib/server/api-error";
import { db } from "@/lib/server/db";
import { Prisma } from "@/lib/generated/prisma/client";
import type { CreateServiceInput } from "@/lib/shared/validations/service";
import { assertCloneUrlAllowed } from "./check-clone-url";
import { sealEnvVars, sealGitAuth } from "./service-secrets";
import { targetColumns } from "./target-columns";
import { serializeService } from "./serialize-service";

export async function createService(ownerId: string, input: CreateServiceInput) {
  const existing = await db.service.findUnique({ where: { ownerId_name: { ownerId, name: input.name } }, select: { id: true } });
  if (existing) throw new ApiError({ code: "conflict", message: `A service named '${input.name}' already exists` });
  await assertCloneUrlAllowed(input.clone_url);

  // Slugs are global (they become host names); another user's service of the same name gets a suffix.
  // Chosen here: the service's secrets are sealed to its row.
  const id = randomUUID();
  for (let attempt = 0; attempt < 5; attempt++) {
    const slug = attempt === 0 ? input.name : `${input.name.slice(0, 56)}-${randomBytes(3).toString("hex")}`;
    try {
      const service = await db.service.create({
        data: {
          id,
          ownerId,
          name: input.name,
          slug,
          provider: input.provider,
          repositoryFullName: input.repository_full_name ?? repositoryFromUrl(input.provider, input.clone_url),
          cloneUrl: input.clone_url,
          branch: input.branch,
          deployTags: input.deploy_tags,
          gitAuthType: input.git_auth?.type ?? null,
          gitAuthEncrypted: input.git_auth ? sealGitAuth(input.git_auth, id) : null,
          dockerfilePath: input.build.dockerfile_path,
          buildContext: input.build.context_dir,
          buildArgs: input.build.build_args,
          buildTimeout: input.build.build_timeout_s,
          containerPort: input.runtime.container_port,
          healthCheckPath: input.runtime.health_check_path,
          healthCheckTimeout: input.runtime.health_check_timeout_s,
          memoryLimitMb: input.runtime.memory_limit_mb,
          cpuLimit: input.runtime.cpu_limit,
          envVarsEncrypted: sealEnvVars(input.runtime.env_vars, id),
          ...targetColumns(input.target),
        },
      });
      return serializeService(service, Object.keys(input.runtime.env_vars));
    } catch (error) {
      if (!(error instanceof Prisma.PrismaClientKnownRequestError && error.code === "P2002")) throw error;
      const target = JSON.stringify(error.meta ?? {});
      if (!target.includes("slug")) throw new ApiError({ code: "conflict", message: `A service named '${input.name}' already exists` });
    }
  }
  throw new ApiError({ code: "conflict", message: `Could not find a free host name for '${input.name}'` });
}

// owner/repo from a hosted provider's clone URL, so the webhook routing of later issues can match it.
function repositoryFromUrl(provider: CreateServiceInput["provider"], cloneUrl: string): string | null {
  if (provider === "git") return null;
  const path = cloneUrl.includes("://") ? new URL(cloneUrl).pathname : cloneUrl.slice(cloneUrl.indexOf(":") + 1);
  const name = path.replace(/^\/+/, "").replace(/\.git$/, "");
  return /^[\w.-]+(\/[\w.-]+)+$/.test(name) ? name : null;
}
