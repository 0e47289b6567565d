import { metrics } from "@/lib/server/metrics";

export const dynamic = "force-dynamic";

// GET /api/metrics — Prometheus exposition format
export async function GET() {
  return new Response(await metrics.registry.metrics(), { headers: { "Content-Type": metrics.registry.contentType } });
}
