// Berth's workflow events: one name and one payload schema each. The Inngest functions take them as
// triggers (the SDK validates every event against its schema before a run starts), enqueue() takes nothing
// else, and the webhook hot path's SQL names its event from here.
import { eventType, type EventType } from "inngest";
import { z } from "zod";

const deploymentEvent = z.object({ deploymentId: z.string(), serviceId: z.string() });

// A deployment was queued (a push, a deploy hook, a manual deploy or a rollback): build and release it.
export const deployRequested = eventType("deploy/requested", { schema: deploymentEvent });

// A deployment took the traffic: drain and stop its predecessors.
export const deployLive = eventType("deploy/live", { schema: deploymentEvent });

// A deployment moved on (building, deploying, or its ending), or learned its commit: tell the provider.
export const deployProgressed = eventType("deploy/progressed", { schema: deploymentEvent });

// A service's rows are gone: cancel its runs, remove its containers, route and images.
// target: where its deployments ran (events written before targets existed ran on docker).
export const serviceDeleted = eventType("service/deleted", {
  schema: z.object({ serviceId: z.string(), slug: z.string(), target: z.enum(["docker", "swarm", "portainer"]).optional() }),
});

// A self-hosted GitHub Actions job waits for a runner (its RunnerJob row): find a slot, start one.
export const runnerJobQueued = eventType("runner/job-queued", { schema: z.object({ jobRowId: z.string() }) });

// That job finished (or was cancelled while its runner ran): remove the runner.
export const runnerJobFinished = eventType("runner/job-finished", { schema: z.object({ jobRowId: z.string() }) });

// A notification's message waits for its channel (its ChannelDelivery row): send it.
export const channelMessageQueued = eventType("channel/message-queued", { schema: z.object({ deliveryId: z.string() }) });

// A preview moved (waits for approval, builds, went live or failed, stopped, closed): bring its pull
// request's comment up to date.
export const previewChanged = eventType("preview/changed", { schema: z.object({ previewId: z.string() }) });

// Look for previews whose pull request closed while Berth was not listening.
export const previewSweep = eventType("preview/sweep", { schema: z.object({}) });

// Time to compare the watched branches with what was deployed (lib/server/deployments/reconcile-pushes.ts).
export const pushReconcile = eventType("push/reconcile", { schema: z.object({}) });

type EventOf<T> = T extends EventType<infer Name, infer Schema> ? (Schema extends z.ZodType ? { name: Name; data: z.infer<Schema> } : never) : never;

export type BerthEvent = EventOf<typeof deployRequested | typeof deployProgressed | typeof deployLive | typeof serviceDeleted | typeof runnerJobQueued | typeof runnerJobFinished | typeof channelMessageQueued | typeof previewChanged | typeof previewSweep | typeof pushReconcile>;
