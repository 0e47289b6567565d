// Sealing and opening a service's env vars and git credential, each bound to its service's row.
import { z } from "zod";
import { sealedFields, secretBox } from "@/lib/server/crypto";
import { gitAuthSchema, type GitAuth } from "@/lib/shared/validations/service";

const envVarsSchema = z.record(z.string(), z.string());

export function sealEnvVars(vars: Record<string, string>, serviceId: string): string | null {
  return Object.keys(vars).length > 0 ? secretBox().encrypt(JSON.stringify(vars), sealedFields.service("envVarsEncrypted", serviceId)) : null;
}

export function openEnvVars(sealed: string | null, serviceId: string): Record<string, string> {
  return sealed ? envVarsSchema.parse(JSON.parse(secretBox().decrypt(sealed, sealedFields.service("envVarsEncrypted", serviceId)))) : {};
}

export function sealGitAuth(auth: GitAuth, serviceId: string): string {
  return secretBox().encrypt(JSON.stringify(auth), sealedFields.service("gitAuthEncrypted", serviceId));
}

export function openGitAuth(sealed: string | null, serviceId: string): GitAuth | null {
  return sealed ? gitAuthSchema.parse(JSON.parse(secretBox().decrypt(sealed, sealedFields.service("gitAuthEncrypted", serviceId)))) : null;
}
