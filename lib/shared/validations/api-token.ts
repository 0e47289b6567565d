// Personal API tokens as users make them (POST /api/tokens).
import { z } from "zod";

export const API_TOKEN_SCOPES = ["read", "deploy", "admin"] as const;
export type ApiTokenScopeName = (typeof API_TOKEN_SCOPES)[number];

export const API_TOKEN_SCOPE_WORDS: Record<ApiTokenScopeName, string> = {
  read: "read: look, change nothing",
  deploy: "deploy: read, deploy, roll back and replay deliveries",
  admin: "admin: everything you may do in Berth, except managing tokens",
};

export const createApiTokenSchema = z
  .object({
    name: z.string().trim().min(1, "is required").max(80),
    scope: z.enum(API_TOKEN_SCOPES),
    // null: it never expires.
    expires_in_days: z.number().int().min(1).max(366).nullable().default(90),
  })
  .strict();
export type CreateApiTokenInput = z.infer<typeof createApiTokenSchema>;
