// A service's preview settings as users change them (PATCH /api/services/{id}/previews).
import { z } from "zod";
import { envNameSchema } from "./service";

export const MAX_PREVIEWS_LIMIT = 20;

export const previewSettingsSchema = z
  .object({
    enabled: z.boolean(),
    max_concurrent: z.number().int().min(1).max(MAX_PREVIEWS_LIMIT),
    // Keys present are set; a null value deletes that variable; absent keys are left as they are.
    env_vars: z.record(envNameSchema, z.string().max(32_768).nullable()).refine((vars) => Object.keys(vars).length <= 200, "at most 200 variables"),
    // Which of the service's own variables previews get too: production secrets stay out unless named here.
    shared_env_keys: z.array(envNameSchema).max(200).transform((keys) => [...new Set(keys)]),
  })
  .partial()
  .strict()
  .refine((input) => Object.keys(input).length > 0, { message: "nothing to change" });
export type PreviewSettingsInput = z.infer<typeof previewSettingsSchema>;
