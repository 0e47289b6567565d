// Failed deliveries (bad signature, unknown service) are limited per source address and per service, so
// a flood of garbage costs a hash and a counter instead of database writes. Verified deliveries are never
// counted or refused: a provider's retries must always get through.
import { RateLimiterMemory } from "rate-limiter-flexible";

const byAddress = new RateLimiterMemory({ keyPrefix: "webhook-failures-ip", points: 30, duration: 60 });
const byService = new RateLimiterMemory({ keyPrefix: "webhook-failures-service", points: 120, duration: 60 });

// Seconds until the caller may fail again, or 0 if it is within its allowance.
export async function failureBackoff(address: string, serviceId: string | null): Promise<number> {
  const checks = [byAddress.get(address), serviceId ? byService.get(serviceId) : Promise.resolve(null)];
  let wait = 0;
  for (const [index, result] of (await Promise.all(checks)).entries()) {
    const limit = index === 0 ? byAddress.points : byService.points;
    if (result && result.consumedPoints > limit) wait = Math.max(wait, Math.ceil(result.msBeforeNext / 1000));
  }
  return wait;
}

export async function countFailure(address: string, serviceId: string | null): Promise<void> {
  // `penalty` records without throwing when the allowance is used up.
  await Promise.all([byAddress.penalty(address), serviceId ? byService.penalty(serviceId) : Promise.resolve()]);
}
