// The executor side of Inngest's SDK protocol (docs/SDK_SPEC.md in inngest/inngest): what the SDK answers
// a sync and a call with, validated before the executor acts on it.
import { z } from "zod";

export const functionConfigSchema = z.object({
  id: z.string(),
  triggers: z.array(z.union([z.object({ event: z.string(), expression: z.string().optional() }), z.object({ cron: z.string() })])),
  steps: z.object({
    step: z.object({ retries: z.object({ attempts: z.number().int().min(0) }).optional() }),
  }),
  concurrency: z.array(z.object({ limit: z.number().int().min(1), key: z.string().optional() })).optional(),
  cancel: z.array(z.object({ event: z.string(), if: z.string().optional(), timeout: z.string().optional() })).optional(),
});

export type FunctionConfig = z.infer<typeof functionConfigSchema>;

export const syncResponseSchema = z.object({ functions: z.array(functionConfigSchema) });

const serializedErrorSchema = z.looseObject({ name: z.string().optional(), message: z.string().optional(), stack: z.string().optional() });

export type SerializedError = z.infer<typeof serializedErrorSchema>;

export const opSchema = z.object({
  id: z.string(),
  op: z.string(),
  name: z.string().optional(),
  displayName: z.string().optional(),
  opts: z.record(z.string(), z.unknown()).nullish(),
  data: z.unknown().optional(),
  error: serializedErrorSchema.optional(),
});

export type Op = z.infer<typeof opSchema>;

export const opsSchema = z.array(opSchema);

export type WorkflowEventPayload = { id: string; name: string; data: Record<string, unknown>; ts: number; user: Record<string, never> };

// Server-side default when a function sets no `retries`.
export const DEFAULT_RETRIES = 4;

export function maxAttempts(config: FunctionConfig): number {
  return (config.steps.step.retries?.attempts ?? DEFAULT_RETRIES) + 1;
}

const UNIT_MS: Record<string, number> = { ms: 1, s: 1_000, m: 60_000, h: 3_600_000, d: 86_400_000, w: 604_800_000 };

// An Inngest duration ("30s", "1h30m") or, for sleepUntil, an ISO date: the moment it ends.
export function wakeTime(value: string, now = Date.now()): number {
  const parts = [...value.matchAll(/(\d+(?:\.\d+)?)(ms|s|m|h|d|w)/g)];
  if (parts.length > 0 && parts.map((part) => part[0]).join("") === value) {
    return now + parts.reduce((total, [, amount, unit]) => total + Number(amount) * (UNIT_MS[unit ?? "s"] ?? 0), 0);
  }
  const date = Date.parse(value);
  if (Number.isNaN(date)) throw new Error(`Not a duration or date: ${value}`);
  return date;
}

// Inngest's retry schedule (15 s, 30 s, 1 min, 2 min, 5 min, 10 min …) plus up to 30 s of jitter.
const BACKOFF_MS = [15_000, 30_000, 60_000, 120_000, 300_000, 600_000];

export function retryDelay(attempt: number, random = Math.random): number {
  const base = BACKOFF_MS[Math.min(attempt, BACKOFF_MS.length - 1)] ?? 600_000;
  return base + Math.floor(random() * 30_000);
}
