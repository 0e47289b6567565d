import { ApiError, invalidField } from "@/lib/server/api-error";
import type { Actor } from "@/lib/server/auth/access";
import { db } from "@/lib/server/db";
import { Prisma } from "@/lib/generated/prisma/client";
import { cloneUrlKind } from "@/lib/shared/validations/git";
import type { UpdateServiceInput } from "@/lib/shared/validations/service";
import { getServiceWithSecretsOrThrow } from "./get-service-or-throw";
import { assertCloneUrlAllowed } from "./check-clone-url";
import { openEnvVars, openGitAuth, sealEnvVars, sealGitAuth } from "./service-secrets";
import { serializeService } from "./serialize-service";
import { targetColumns } from "./target-columns";

export async function updateService(actor: Actor, id: string, patch: UpdateServiceInput) {
  const current = await getServiceWithSecretsOrThrow(actor, id);

  const envVars = openEnvVars(current.envVarsEncrypted, current.id);
  for (const [key, value] of Object.entries(patch.runtime?.env_vars ?? {})) {
    if (value === null) delete envVars[key];
    else envVars[key] = value;
  }

  const cloneUrl = patch.clone_url ?? current.cloneUrl;
  const gitAuth = patch.git_auth === undefined ? openGitAuth(current.gitAuthEncrypted, current.id) : patch.git_auth;
  const kind = cloneUrlKind(cloneUrl);
  if (gitAuth?.type === "token" && kind !== "https") {
    throw invalidField("git_auth", "an access token needs an https:// clone URL");
  }
  if (gitAuth?.type === "ssh_key" && kind !== "ssh") {
    throw invalidField("git_auth", "an SSH deploy key needs an ssh:// or user@host:path clone URL");
  }
  if (patch.clone_url !== undefined) await assertCloneUrlAllowed(patch.clone_url);

  const data: Prisma.ServiceUpdateInput = {
    name: patch.name,
    provider: patch.provider,
    repositoryFullName: patch.repository_full_name,
    cloneUrl: patch.clone_url,
    branch: patch.branch,
    deployTags: patch.deploy_tags,
    dockerfilePath: patch.build?.dockerfile_path,
    buildContext: patch.build?.context_dir,
    buildArgs: patch.build?.build_args,
    buildTimeout: patch.build?.build_timeout_s,
    containerPort: patch.runtime?.container_port,
    healthCheckPath: patch.runtime?.health_check_path,
    healthCheckTimeout: patch.runtime?.health_check_timeout_s,
    memoryLimitMb: patch.runtime?.memory_limit_mb,
    cpuLimit: patch.runtime?.cpu_limit,
    ...(patch.target ? targetColumns(patch.target) : {}),
  };
  if (patch.runtime?.env_vars) data.envVarsEncrypted = sealEnvVars(envVars, current.id);
  if (patch.git_auth !== undefined) {
    data.gitAuthType = patch.git_auth?.type ?? null;
    data.gitAuthEncrypted = patch.git_auth ? sealGitAuth(patch.git_auth, current.id) : null;
  }

  try {
    const service = await db.service.update({ where: { id: current.id }, data });
    return serializeService(service, Object.keys(envVars));
  } catch (error) {
    if (error instanceof Prisma.PrismaClientKnownRequestError && error.code === "P2002") {
      throw new ApiError({ code: "conflict", message: `A service named '${patch.name}' already exists` });
    }
    throw error;
  }
}
