"use client";

import { ErrorBox, Loading } from "@/components/ui/states";
import { useDeliveryStatistics, useWebhookHealth } from "@/lib/client/hooks/use-deliveries";
import type { ListScope } from "@/lib/shared/validations/list-scope";

const HOURS = 24;
const HOUR_MS = 3600_000;

// Deliveries per hour over the last day, failures stacked in red, with the day's totals beside.
export function DeliveryChart({ scope }: { scope: ListScope }) {
  const health = useWebhookHealth(scope);
  const statistics = useDeliveryStatistics(scope);

  if (health.isPending || statistics.isPending) return <Loading label="Loading delivery statistics" className="h-40" />;
  if (health.isError || statistics.isError) return <ErrorBox>Could not load delivery statistics: {(health.error ?? statistics.error)?.message}</ErrorBox>;

  // The day ends at the hour the counts were read, not at whenever React happens to render.
  const start = Math.floor(health.dataUpdatedAt / HOUR_MS) * HOUR_MS - (HOURS - 1) * HOUR_MS;
  const byHour = new Map(health.data.hourly.map((row) => [Date.parse(row.hour), row]));
  const bars = Array.from({ length: HOURS }, (_, index) => {
    const hour = start + index * HOUR_MS;
    const row = byHour.get(hour);
    return { hour, total: row?.total ?? 0, failed: row?.failed ?? 0 };
  });
  const busiest = Math.max(...bars.map((bar) => bar.total));
  const peak = Math.max(1, busiest);
  const totals = statistics.data;

  return (
    <section aria-labelledby="delivery-stats-heading" className="grid gap-4 rounded-lg border border-slate-200 bg-white p-5 md:grid-cols-[1fr_auto]">
      <div className="min-w-0">
        <h2 id="delivery-stats-heading" className="text-sm font-semibold text-slate-900">
          Last 24 hours
        </h2>
        <svg
          role="img"
          aria-label={`${totals.total} deliveries in the last 24 hours, ${totals.failed} failed; the busiest hour had ${busiest}`}
          viewBox={`0 0 ${HOURS * 10} 60`}
          preserveAspectRatio="none"
          className="mt-3 h-28 w-full"
        >
          {bars.map((bar, index) => {
            const height = (bar.total / peak) * 56;
            const failedHeight = (bar.failed / peak) * 56;
            return (
              <g key={bar.hour}>
                <title>{`${new Date(bar.hour).toLocaleTimeString([], { hour: "2-digit", minute: "2-digit" })}: ${bar.total} deliveries, ${bar.failed} failed`}</title>
                <rect x={index * 10 + 1} y={60 - height} width={8} height={height} className="fill-sky-500" />
                <rect x={index * 10 + 1} y={60 - failedHeight} width={8} height={failedHeight} className="fill-red-500" />
              </g>
            );
          })}
        </svg>
        <div className="flex justify-between text-xs text-slate-500">
          <span>24 h ago</span>
          <span>now</span>
        </div>
      </div>
      <dl className="grid grid-cols-4 gap-3 text-center md:grid-cols-2">
        {(
          [
            ["Total", totals.total, "text-slate-900"],
            ["Processed", totals.processed, "text-emerald-700"],
            ["Pending", totals.pending, "text-sky-700"],
            ["Failed", totals.failed, "text-red-700"],
          ] as const
        ).map(([label, value, tone]) => (
          <div key={label} className="rounded-md bg-slate-50 px-3 py-2">
            <dt className="text-xs text-slate-500">{label}</dt>
            <dd className={`text-xl font-semibold ${tone}`}>{value}</dd>
          </div>
        ))}
      </dl>
    </section>
  );
}
