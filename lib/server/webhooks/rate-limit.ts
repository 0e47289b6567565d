// Failed deliveries (bad signature, unknown service) are limited per source address and per service, so
// a flood of garbage costs a hash and a counter instead of database writes. Verified deliveries are never
// counted: a provider's retries must get through. How many refusals are written to the audit log is
// limited too, per address and in all: past that they are only counted (metric and one warning a minute).
import { RateLimiterMemory } from "rate-limiter-flexible";
import { logger } from "@/lib/server/logger";
import { limitKey } from "@/lib/server/net/client-address";
import { metrics } from "@/lib/server/metrics";

const byAddress = new RateLimiterMemory({ keyPrefix: "webhook-failures-ip", points: 30, duration: 60 });
const byService = new RateLimiterMemory({ keyPrefix: "webhook-failures-service", points: 120, duration: 60 });

export const REFUSALS_RECORDED = { perAddress: 10, total: 300, seconds: 60 };
const recordedByAddress = new RateLimiterMemory({ keyPrefix: "webhook-refusals-recorded-ip", points: REFUSALS_RECORDED.perAddress, duration: REFUSALS_RECORDED.seconds });
const recordedInAll = new RateLimiterMemory({ keyPrefix: "webhook-refusals-recorded", points: REFUSALS_RECORDED.total, duration: REFUSALS_RECORDED.seconds });

// Seconds until the caller may fail again, or 0 if it is within its allowance.
export async function failureBackoff(address: string, serviceId: string | null): Promise<number> {
  const checks = [byAddress.get(limitKey(address)), serviceId ? byService.get(serviceId) : Promise.resolve(null)];
  let wait = 0;
  for (const [index, result] of (await Promise.all(checks)).entries()) {
    const limit = index === 0 ? byAddress.points : byService.points;
    if (result && result.consumedPoints > limit) wait = Math.max(wait, Math.ceil(result.msBeforeNext / 1000));
  }
  return wait;
}

export async function countFailure(address: string, serviceId: string | null): Promise<void> {
  // `penalty` records without throwing when the allowance is used up.
  await Promise.all([byAddress.penalty(limitKey(address)), serviceId ? byService.penalty(serviceId) : Promise.resolve()]);
}

let warnedAt = 0;

// Whether one more refusal from this address may be written to the audit log now.
export async function mayRecordRefusal(address: string): Promise<boolean> {
  try {
    await recordedByAddress.consume(limitKey(address));
    await recordedInAll.consume("all");
    return true;
  } catch {
    metrics.webhookRefusalsUnrecorded.inc();
    if (Date.now() - warnedAt > REFUSALS_RECORDED.seconds * 1000) {
      warnedAt = Date.now();
      logger.warn(
        { address, limits: REFUSALS_RECORDED },
        "refused webhook deliveries beyond the audit log's limit are only counted (webhook_refusals_unrecorded_total), not recorded",
      );
    }
    return false;
  }
}
