// The embedded Inngest executor: runs the app's Inngest functions through /api/inngest when no Inngest
// server is configured. It consumes the WorkflowEvent outbox, keeps each run's memoized steps in
// PostgreSQL and schedules SDK calls with retries, sleeps, per-key concurrency limits and cancellation.
// See docs/decisions/0006-embedded-workflow-executor.md.
import { randomUUID } from "node:crypto";
import { performance, type EventLoopUtilization } from "node:perf_hooks";
import type { Logger } from "pino";
import type { Db } from "@/lib/server/database/client";
import { evaluateExpression, expressionHolds } from "./expressions";
import { maxAttempts, retryDelay, wakeTime, type FunctionConfig, type Op, type SerializedError, type WorkflowEventPayload } from "./protocol";
import {
  claimEvents,
  claimJobs,
  createRuns,
  endRun,
  finishJob,
  loadRunState,
  lockRunningRun,
  memoize,
  renewLease,
  rescheduleJob,
  sendEvent,
  type ClaimedJob,
  type NewRun,
  type Tx,
} from "./run-store";
import type { CallResult, SdkClient } from "./sdk-client";

export type ExecutorOptions = {
  db: Db;
  sdk: SdkClient;
  logger: Logger;
  // SDK calls in flight at once, across all runs.
  parallelism?: number;
  pollMs?: number;
  leaseMs?: number;
  retryDelay?: (attempt: number) => number;
  // How busy this process's event loop has been since the executor last looked at its queue (0–1). Above deferAbove,
  // new work waits, for at most maxDeferMs (default 5 s) between looks at the queue: a burst of deliveries is answered
  // first (what it queued is durable meanwhile), and the runs it starts do not compete with the next delivery for the
  // one thread. Each look costs tens of milliseconds (it starts runs, and each step is a call into this server), so at
  // one look a second a saturated receiver lost ~15 % of its throughput (decision 0014).
  loadProbe?: () => number;
  deferAbove?: number;
  maxDeferMs?: number;
};

export type Executor = {
  start(): Promise<void>;
  stop(): Promise<void>;
  // Wake the loop now rather than at the next poll (new outbox rows in this process).
  nudge(): void;
};

const FAILED_EVENT = "inngest/function.failed";
const UNAVAILABLE_RETRY_MS = 1_000;
// Inngest's own caps: a memoized step of 4 MB, a run's state of 32 MB.
const MAX_STEP_BYTES = 4 * 1024 * 1024;

const UNSUPPORTED_OPS = new Set(["WaitForEvent", "InvokeFunction", "AIGateway", "Gateway", "WaitForSignal"]);
const DEFER_STEP_MS = 50;

// The event loop's utilization since the executor last looked at its queue: measured over the whole time since, so a
// short lull between two deliveries of a burst does not count as the burst being over.
function eventLoopLoad(): { load: () => number; looked: () => void } {
  let mark: EventLoopUtilization = performance.eventLoopUtilization();
  return {
    load: () => performance.eventLoopUtilization(performance.eventLoopUtilization(), mark).utilization,
    looked: () => {
      mark = performance.eventLoopUtilization();
    },
  };
}

export function createExecutor(options: ExecutorOptions): Executor {
  const { db, sdk, logger } = options;
  const parallelism = options.parallelism ?? 4;
  const pollMs = options.pollMs ?? 250;
  const leaseMs = options.leaseMs ?? 15_000;
  const backoff = options.retryDelay ?? retryDelay;
  const probe = options.loadProbe ? { load: options.loadProbe, looked: () => {} } : eventLoopLoad();
  const deferAbove = options.deferAbove ?? 0.5;
  const maxDeferMs = options.maxDeferMs ?? 5_000;
  const owner = randomUUID();
  const inFlight = new Set<Promise<void>>();
  let functions = new Map<string, FunctionConfig>();
  let running = false;
  let loop: Promise<void> | undefined;
  let wake: (() => void) | undefined;

  function nudge() {
    wake?.();
  }

  async function syncFunctions() {
    for (let delay = 250; running; delay = Math.min(delay * 2, 5_000)) {
      try {
        functions = new Map((await sdk.sync()).map((fn) => [fn.id, fn]));
        logger.info({ functions: [...functions.keys()] }, "workflow functions synced");
        return;
      } catch (error) {
        logger.debug({ err: error }, "workflow endpoint not ready; retrying");
        await new Promise((resolve) => setTimeout(resolve, delay));
      }
    }
  }

  async function ingestEvents(): Promise<number> {
    return db.$transaction(async (tx) => {
      const events = await claimEvents(tx, 100);
      let pending: NewRun[] = [];
      const start = async () => {
        const ids = await createRuns(tx, pending);
        pending.forEach((run, index) => logger.debug({ runId: ids[index], functionId: run.functionId, event: run.event.name }, "run started"));
        pending = [];
      };
      for (const event of events) {
        // An event that cancels runs also cancels those of earlier events in this batch: they start first.
        if (cancelsRuns(event)) {
          await start();
          await cancelRuns(tx, event);
        }
        pending.push(...runsFor(event));
      }
      await start();
      return events.length;
    });
  }

  function runsFor(event: WorkflowEventPayload): NewRun[] {
    return [...functions.values()]
      .filter((fn) => fn.triggers.some((trigger) => "event" in trigger && trigger.event === event.name && expressionHolds(trigger.expression, { event })))
      .map((fn) => {
        const keyExpression = fn.concurrency?.[0]?.key;
        return { functionId: fn.id, event, maxAttempts: maxAttempts(fn), concurrencyKey: keyExpression ? String(evaluateExpression(keyExpression, { event })) : null };
      });
  }

  function cancelsRuns(event: WorkflowEventPayload): boolean {
    return [...functions.values()].some((fn) => (fn.cancel ?? []).some((rule) => rule.event === event.name));
  }

  async function cancelRuns(tx: Tx, event: WorkflowEventPayload) {
    for (const fn of functions.values()) {
      for (const rule of fn.cancel ?? []) {
        if (rule.event !== event.name) continue;
        const runs = await tx.workflowRun.findMany({ where: { functionId: fn.id, status: "running" }, select: { id: true, event: true, createdAt: true } });
        for (const run of runs) {
          if (rule.timeout && wakeTime(rule.timeout, run.createdAt.getTime()) < event.ts) continue;
          if (!expressionHolds(rule.if, { event: run.event, async: event })) continue;
          await endRun(tx, run.id, { status: "cancelled", error: { name: "RunCancelled", message: `Cancelled by ${event.name}` } });
          logger.info({ runId: run.id, functionId: fn.id, event: event.name }, "run cancelled");
        }
      }
    }
  }

  async function execute(job: ClaimedJob) {
    const heartbeat = setInterval(() => void renewLease(db, job.id, owner, leaseMs).catch(() => {}), leaseMs / 3);
    try {
      if (job.kind === "wake") {
        await db.$transaction(async (tx) => {
          if (!(await lockRunningRun(tx, job.runId, job.id))) return;
          await memoize(tx, job.runId, job.stepId, { data: null });
          await finishJob(tx, job.runId, job.id);
        });
        return;
      }
      const state = await loadRunState(db, job.runId);
      if (!state) {
        await db.workflowJob.deleteMany({ where: { id: job.id } });
        return;
      }
      const { run } = state;
      const result = await sdk.call(job.functionId, job.stepId, {
        event: run.event,
        events: [run.event],
        version: 2,
        steps: state.steps,
        ctx: {
          run_id: run.id,
          attempt: job.attempt,
          max_attempts: run.maxAttempts,
          disable_immediate_execution: run.disableImmediate,
          use_api: false,
          stack: { stack: state.stack, current: state.stack.length },
        },
      });
      await db.$transaction((tx) => apply(tx, job, result));
    } catch (error) {
      // A database or protocol fault: let the lease lapse so the job is tried again.
      logger.error({ err: error, runId: job.runId, stepId: job.stepId }, "workflow job failed in the executor");
    } finally {
      clearInterval(heartbeat);
      nudge();
    }
  }

  async function apply(tx: Tx, job: ClaimedJob, result: CallResult) {
    const run = await lockRunningRun(tx, job.runId, job.id);
    if (!run) return;
    switch (result.kind) {
      case "unavailable":
        logger.warn({ runId: run.id, reason: result.reason }, "workflow endpoint unavailable; call deferred");
        return rescheduleJob(tx, job.id, job.attempt, UNAVAILABLE_RETRY_MS);
      case "complete":
        logger.debug({ runId: run.id, functionId: run.functionId }, "run completed");
        return endRun(tx, run.id, { status: "completed", output: result.output });
      case "error":
        if (result.retriable && job.attempt + 1 < run.maxAttempts) {
          return rescheduleJob(tx, job.id, job.attempt + 1, result.retryAfterMs ?? backoff(job.attempt));
        }
        return failRun(tx, run, result.error);
      case "ops":
        return applyOps(tx, run, job, result.ops);
    }
  }

  async function applyOps(tx: Tx, run: { id: string; functionId: string; maxAttempts: number; event: WorkflowEventPayload }, job: ClaimedJob, ops: Op[]) {
    const unsupported = ops.find((op) => UNSUPPORTED_OPS.has(op.op));
    if (unsupported) {
      return failRun(tx, run, { name: "UnsupportedOperation", message: `${unsupported.op} is not supported by Berth's embedded executor` });
    }
    if (ops.length > 1) await tx.workflowRun.update({ where: { id: run.id }, data: { disableImmediate: true } });
    for (const op of ops) {
      switch (op.op) {
        case "StepRun": {
          const size = JSON.stringify(op.data ?? null).length;
          await memoize(
            tx,
            run.id,
            op.id,
            size > MAX_STEP_BYTES ? { error: { name: "OutputTooLarge", message: `Step output of ${size} bytes exceeds the 4 MB limit` } } : { data: op.data ?? null },
          );
          break;
        }
        case "StepFailed":
          await memoize(tx, run.id, op.id, { error: op.error ?? { name: "Error", message: "Step failed" } });
          break;
        case "StepError":
          // The SDK reports a step's error alone: the same call is made again, one attempt later.
          if (job.attempt + 1 < run.maxAttempts) return rescheduleJob(tx, job.id, job.attempt + 1, backoff(job.attempt));
          await memoize(tx, run.id, op.id, { error: op.error ?? { name: "Error", message: "Step failed" } });
          break;
        case "StepPlanned":
          await tx.workflowJob.create({ data: { runId: run.id, stepId: op.id } });
          break;
        case "Sleep": {
          const duration = op.opts?.duration;
          const until = typeof duration === "string" || typeof duration === "number" ? String(duration) : (op.name ?? "0s");
          await tx.workflowJob.create({ data: { runId: run.id, kind: "wake", stepId: op.id, runAt: new Date(wakeTime(until)) } });
          break;
        }
        default:
          logger.warn({ runId: run.id, op: op.op }, "ignored an unknown workflow op");
      }
    }
    await finishJob(tx, run.id, job.id);
  }

  async function failRun(tx: Tx, run: { id: string; functionId: string; event: WorkflowEventPayload }, error: SerializedError) {
    logger.warn({ runId: run.id, functionId: run.functionId, error: error.message }, "run failed");
    await endRun(tx, run.id, { status: "failed", error });
    // A failure handler's own failure is not reported again.
    if (run.event.name !== FAILED_EVENT) {
      await sendEvent(tx, FAILED_EVENT, { function_id: run.functionId, run_id: run.id, error, event: run.event });
    }
  }

  async function tick(): Promise<boolean> {
    const ingested = await ingestEvents();
    const free = parallelism - inFlight.size;
    if (free <= 0) return ingested > 0;
    const jobs = await claimJobs(db, {
      limit: free,
      owner,
      leaseMs,
      concurrencyLimit: (functionId) => functions.get(functionId)?.concurrency?.[0]?.limit,
    });
    for (const job of jobs) {
      const call = execute(job).finally(() => inFlight.delete(call));
      inFlight.add(call);
    }
    return ingested > 0 || jobs.length > 0;
  }

  async function run() {
    await syncFunctions();
    let lastTick = 0;
    while (running) {
      if (probe.load() > deferAbove && Date.now() - lastTick < maxDeferMs) {
        await new Promise((resolve) => setTimeout(resolve, DEFER_STEP_MS));
        continue;
      }
      lastTick = Date.now();
      probe.looked();
      let busy = false;
      try {
        busy = await tick();
      } catch (error) {
        logger.error({ err: error }, "workflow executor tick failed");
      }
      if (!busy && running) {
        await new Promise<void>((resolve) => {
          const timer = setTimeout(resolve, pollMs);
          wake = () => {
            clearTimeout(timer);
            resolve();
          };
        });
        wake = undefined;
      }
    }
  }

  return {
    async start() {
      if (running) return;
      running = true;
      loop = run();
    },
    async stop() {
      running = false;
      nudge();
      await loop;
      await Promise.allSettled(inFlight);
    },
    nudge,
  };
}
