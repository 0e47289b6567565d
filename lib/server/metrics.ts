// Prometheus metrics (GET /api/metrics). Kept on globalThis: Next.js may load this module once per route
// bundle, and prom-client refuses to register a metric name twice.
import { Counter, Gauge, Histogram, Registry, collectDefaultMetrics } from "prom-client";

function create() {
  const registry = new Registry();
  collectDefaultMetrics({ register: registry });
  return {
    registry,
    webhookEvents: new Counter({
      name: "webhook_events_total",
      help: "Webhook deliveries received, by provider, event and outcome",
      labelNames: ["provider", "event", "status"] as const,
      registers: [registry],
    }),
    webhookRefusalsUnrecorded: new Counter({
      name: "webhook_refusals_unrecorded_total",
      help: "Refused webhook deliveries past the audit log's per-address or total limit: counted, not recorded",
      registers: [registry],
    }),
    webhookDuration: new Histogram({
      name: "webhook_processing_duration_seconds",
      help: "Time from receiving a webhook delivery to answering it",
      labelNames: ["provider"] as const,
      buckets: [0.002, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5],
      registers: [registry],
    }),
    webhookCommitBatch: new Histogram({
      name: "webhook_commit_batch_size",
      help: "Queued deliveries written by one statement (group commit): above 1 while deliveries arrive faster than one commit",
      buckets: [1, 2, 4, 8, 16, 32, 64],
      registers: [registry],
    }),
    deployments: new Counter({
      name: "deployments_total",
      help: "Deployments that ended, by outcome",
      labelNames: ["outcome"] as const,
      registers: [registry],
    }),
    deploymentDuration: new Histogram({
      name: "deployment_duration_seconds",
      help: "Time from a deployment's request to its end, by outcome",
      labelNames: ["outcome"] as const,
      buckets: [1, 2, 5, 10, 30, 60, 120, 300, 600, 1800],
      registers: [registry],
    }),
    runnerJobsQueued: new Counter({
      name: "berth_runner_jobs_queued_total",
      help: "Self-hosted GitHub Actions jobs Berth was asked to run, by repository",
      labelNames: ["repository"] as const,
      registers: [registry],
    }),
    runnerJobsCompleted: new Counter({
      name: "berth_runner_jobs_completed_total",
      help: "Jobs Berth's runners finished, by repository and conclusion",
      labelNames: ["repository", "conclusion"] as const,
      registers: [registry],
    }),
    runnerJobDuration: new Histogram({
      name: "berth_runner_job_duration_seconds",
      help: "From a runner taking its job to the job's end",
      buckets: [5, 15, 30, 60, 120, 300, 600, 1800, 3600],
      registers: [registry],
    }),
    // Set from the database as each runner starts or goes (lib/server/runners/pool-load.ts).
    runnerPoolBusy: new Gauge({
      name: "berth_runner_pool_busy",
      help: "Runners starting or running, by pool",
      labelNames: ["pool"] as const,
      registers: [registry],
    }),
  };
}

const holder = globalThis as unknown as { berthMetrics?: ReturnType<typeof create> };
export const metrics = (holder.berthMetrics ??= create());
