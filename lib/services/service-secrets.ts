// Sealing and opening a service's env vars and git credential.
import { secretBox } from "@/lib/crypto";
import { gitAuthSchema, type GitAuth } from "@/lib/validations/service";
import { z } from "zod";

const envVarsSchema = z.record(z.string(), z.string());

export function sealEnvVars(vars: Record<string, string>): string | null {
  return Object.keys(vars).length > 0 ? secretBox().encrypt(JSON.stringify(vars)) : null;
}

export function openEnvVars(sealed: string | null): Record<string, string> {
  return sealed ? envVarsSchema.parse(JSON.parse(secretBox().decrypt(sealed))) : {};
}

export function sealGitAuth(auth: GitAuth): string {
  return secretBox().encrypt(JSON.stringify(auth));
}

export function openGitAuth(sealed: string | null): GitAuth | null {
  return sealed ? gitAuthSchema.parse(JSON.parse(secretBox().decrypt(sealed))) : null;
}
