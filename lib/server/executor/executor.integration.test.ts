import { randomUUID } from "node:crypto";
import { Inngest, NonRetriableError } from "inngest";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createPrismaClient, type Db } from "@/lib/server/database/client";
import type { Prisma } from "@/lib/generated/prisma/client";
import { createIsolatedDatabase } from "@/test/support/isolated-database";
import { inProcessTransport, TEST_SIGNING_KEY, testExecutor } from "@/test/support/workflow";
import { waitFor } from "@/test/support/wait-for";
import type { Executor } from "./executor";

const inngest = new Inngest({ id: "executor-test", checkpointing: false, signingKey: TEST_SIGNING_KEY });
const calls = new Map<string, number>();
const failures: string[] = [];
const active = new Map<string, number>();
let maxActivePerKey = 0;
let maxActiveOverall = 0;

function count(key: string) {
  const n = (calls.get(key) ?? 0) + 1;
  calls.set(key, n);
  return n;
}

const functions = [
  inngest.createFunction({ id: "sequence", triggers: [{ event: "test/sequence" }] }, async ({ step }) => {
    const a = await step.run("a", () => 1);
    await step.sleep("pause", "1s");
    const [b, c] = await Promise.all([step.run("b", () => 2), step.run("c", () => 3)]);
    return { a, b, c };
  }),
  inngest.createFunction({ id: "flaky", retries: 3, triggers: [{ event: "test/flaky" }] }, async ({ event, step }) => {
    return step.run("flaky-step", () => {
      if (count(String(event.data.id)) < 3) throw new Error("transient");
      return "third time lucky";
    });
  }),
  inngest.createFunction(
    {
      id: "fatal",
      retries: 3,
      triggers: [{ event: "test/fatal" }],
      onFailure: async ({ event }) => {
        failures.push(String(event.data.event.data.id));
      },
    },
    async ({ event, step }) => {
      await step.run("doomed", () => {
        count(String(event.data.id));
        throw new NonRetriableError("no point retrying");
      });
    },
  ),
  inngest.createFunction({ id: "caught", triggers: [{ event: "test/caught" }] }, async ({ step }) => {
    try {
      await step.run("doomed", () => {
        throw new NonRetriableError("expected");
      });
    } catch (error) {
      return step.run("recover", () => `recovered from ${(error as Error).message}`);
    }
  }),
  inngest.createFunction(
    { id: "limited", concurrency: [{ key: "event.data.key", limit: 1 }], triggers: [{ event: "test/limited" }] },
    async ({ event, step }) => {
      await step.run("work", async () => {
        const key = String(event.data.key);
        active.set(key, (active.get(key) ?? 0) + 1);
        maxActivePerKey = Math.max(maxActivePerKey, active.get(key) ?? 0);
        maxActiveOverall = Math.max(maxActiveOverall, [...active.values()].reduce((a, b) => a + b, 0));
        await new Promise((resolve) => setTimeout(resolve, 300));
        active.set(key, (active.get(key) ?? 1) - 1);
      });
    },
  ),
  inngest.createFunction(
    { id: "cancellable", cancelOn: [{ event: "test/stop", if: "async.data.key == event.data.key" }], triggers: [{ event: "test/cancellable" }] },
    async ({ event, step }) => {
      await step.sleep("wait", "3s");
      await step.run("after-wait", () => count(`after-${event.data.key}`));
    },
  ),
];

let database: { url: string; drop(): Promise<void> };
let db: Db;
let executor: Executor;

beforeAll(async () => {
  database = await createIsolatedDatabase();
  db = createPrismaClient(database.url);
  executor = testExecutor(db, inProcessTransport(inngest, functions));
  await executor.start();
});

afterAll(async () => {
  await executor.stop();
  await db.$disconnect();
  await database.drop();
});

async function send(name: string, data: Prisma.InputJsonObject) {
  await db.workflowEvent.create({ data: { name, data } });
}

async function endedRun(functionId: string, field: string, value: string) {
  return waitFor(
    async () => {
      const runs = await db.workflowRun.findMany({ where: { functionId, status: { not: "running" } } });
      return runs.find((run) => (run.event as { data: Record<string, unknown> }).data[field] === value);
    },
    20_000,
    `${functionId} to end`,
  );
}

describe("embedded executor on a saturated event loop", () => {
  it("defers new work, yet looks at the queue at least once per maxDeferMs: runs still finish", async () => {
    const busyDatabase = await createIsolatedDatabase();
    const busyDb = createPrismaClient(busyDatabase.url);
    const busy = testExecutor(busyDb, inProcessTransport(inngest, functions), { loadProbe: () => 1, maxDeferMs: 400 });
    await busy.start();
    try {
      const id = randomUUID();
      const started = Date.now();
      await busyDb.workflowEvent.create({ data: { name: "test/caught", data: { id } } });
      const run = await waitFor(() => busyDb.workflowRun.findFirst({ where: { functionId: "executor-test-caught", status: "completed" } }), 20_000, "the run");
      expect(run.output).toBe("recovered from expected");
      expect(Date.now() - started).toBeGreaterThanOrEqual(400);
    } finally {
      await busy.stop();
      await busyDb.$disconnect();
      await busyDatabase.drop();
    }
  });
});

describe("embedded executor", () => {
  it("runs steps, a durable sleep and parallel steps, memoizing each once", async () => {
    const id = randomUUID();
    const started = Date.now();
    await send("test/sequence", { id });
    const run = await endedRun("executor-test-sequence", "id", id);
    expect(run.status).toBe("completed");
    expect(run.output).toEqual({ a: 1, b: 2, c: 3 });
    expect(Date.now() - started).toBeGreaterThanOrEqual(1_000);
    expect(await db.workflowStep.count({ where: { runId: run.id } })).toBe(4);
    expect(await db.workflowJob.count({ where: { runId: run.id } })).toBe(0);
  });

  it("retries a failing step until it succeeds", async () => {
    const id = randomUUID();
    await send("test/flaky", { id });
    const run = await endedRun("executor-test-flaky", "id", id);
    expect(run.status).toBe("completed");
    expect(run.output).toBe("third time lucky");
    expect(calls.get(id)).toBe(3);
  });

  it("does not retry a NonRetriableError, fails the run and calls onFailure", async () => {
    const id = randomUUID();
    await send("test/fatal", { id });
    const run = await endedRun("executor-test-fatal", "id", id);
    expect(run.status).toBe("failed");
    expect(run.error).toMatchObject({ message: "no point retrying" });
    expect(calls.get(id)).toBe(1);
    await waitFor(async () => failures.includes(id), 10_000, "the failure handler");
  });

  it("lets the function catch a failed step and carry on", async () => {
    const id = randomUUID();
    await send("test/caught", { id });
    const run = await endedRun("executor-test-caught", "id", id);
    expect(run).toMatchObject({ status: "completed", output: "recovered from expected" });
  });

  it("holds the concurrency limit per key while other keys run in parallel", async () => {
    const batch = randomUUID();
    for (const key of ["k1", "k1", "k1", "k2"]) await send("test/limited", { key: `${key}-${batch}` });
    await waitFor(
      async () => (await db.workflowRun.count({ where: { functionId: "executor-test-limited", status: "completed" } })) === 4,
      20_000,
      "four limited runs",
    );
    expect(maxActivePerKey).toBe(1);
    expect(maxActiveOverall).toBe(2);
  });

  it("cancels a run whose event came in the same batch as the event that cancels it", async () => {
    const key = randomUUID();
    await db.workflowEvent.createMany({ data: [{ name: "test/cancellable", data: { key } }, { name: "test/stop", data: { key } }] });
    expect((await endedRun("executor-test-cancellable", "key", key)).status).toBe("cancelled");
    expect(calls.get(`after-${key}`)).toBeUndefined();
  });

  it("cancels a sleeping run when a matching event arrives, and only that run", async () => {
    const [stopped, kept] = [randomUUID(), randomUUID()];
    await send("test/cancellable", { key: stopped });
    await send("test/cancellable", { key: kept });
    await waitFor(async () => (await db.workflowJob.count({ where: { kind: "wake" } })) >= 2, 10_000, "both runs to sleep");
    await send("test/stop", { key: stopped });
    expect((await endedRun("executor-test-cancellable", "key", stopped)).status).toBe("cancelled");
    expect((await endedRun("executor-test-cancellable", "key", kept)).status).toBe("completed");
    expect(calls.get(`after-${stopped}`)).toBeUndefined();
    expect(calls.get(`after-${kept}`)).toBe(1);
  });
});
