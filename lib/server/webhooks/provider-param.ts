import { z } from "zod";
import { ApiError } from "@/lib/server/api-error";
import { WEBHOOK_PROVIDERS, type WebhookProvider } from "./types";

const providerSchema = z.enum(WEBHOOK_PROVIDERS);

export function parseProvider(value: string | null): WebhookProvider {
  const parsed = providerSchema.safeParse(value);
  if (!parsed.success) throw new ApiError({ code: "not_found", message: `Unknown provider '${value ?? ""}': use one of ${WEBHOOK_PROVIDERS.join(", ")}` });
  return parsed.data;
}
