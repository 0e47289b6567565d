// Berth's names for what a connection's hook subscribes to; each provider client maps them to its own.
export const WEBHOOK_EVENTS = ["push", "pull_request", "workflow_run", "workflow_job", "pipeline"] as const;
export type WebhookEvent = (typeof WEBHOOK_EVENTS)[number];

const CI_EVENTS: readonly string[] = ["workflow_run", "workflow_job", "pipeline"] satisfies WebhookEvent[];

// Whether a hook with these events tells Berth about CI runs.
export function watchesCi(events: readonly string[]): boolean {
  return events.some((event) => CI_EVENTS.includes(event));
}
