// npm run bench:db — the two embedded database candidates, measured the way Berth uses a database:
// through Prisma's pg adapter, with our migrations, and with concurrent writers.
import { PGlite } from "@electric-sql/pglite";
import { PGLiteSocketServer } from "@electric-sql/pglite-socket";
import { chmod, mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { performance } from "node:perf_hooks";
import { PrismaPg } from "@prisma/adapter-pg";
import { startEmbeddedPostgres } from "@/lib/server/database/embedded-postgres";
import { migrate } from "@/lib/server/database/migrate";
import { PrismaClient } from "@/lib/generated/prisma/client";

const SEQUENTIAL = 500;
const CONCURRENT = 500;

interface Candidate {
  name: string;
  start(dataDir: string): Promise<{ url: string; stop(): Promise<void> }>;
  poolSize: number;
}

const candidates: Candidate[] = [
  { name: "embedded-postgres (PostgreSQL 18 server)", poolSize: 10, start: (dataDir) => startEmbeddedPostgres({ dataDir }) },
  {
    name: "PGlite + pglite-socket (1 connection)",
    // More connections are multiplexed onto one session: transactions would interleave.
    poolSize: 1,
    async start(dataDir) {
      const db = await PGlite.create(join(dataDir, "pglite"));
      const server = new PGLiteSocketServer({ db, port: 0, host: "127.0.0.1" });
      await server.start();
      const port = Number(server.getServerConn().split(":").pop());
      return {
        url: `postgresql://postgres@127.0.0.1:${port}/postgres`,
        async stop() {
          await server.stop();
          await db.close();
        },
      };
    },
  },
];

async function timed<T>(work: () => Promise<T>): Promise<[T, number]> {
  const start = performance.now();
  const result = await work();
  return [result, performance.now() - start];
}

const delivery = (i: number) => ({
  provider: "github",
  deliveryId: `bench-${i}`,
  event: "push",
  signatureValid: true,
  status: "received" as const,
  headers: { "x-github-event": "push" },
  payload: { ref: "refs/heads/main", after: "a".repeat(40), commits: [{ id: i, message: "bench" }] },
});

const rows: string[][] = [];
for (const candidate of candidates) {
  const dataDir = await mkdtemp(join(tmpdir(), "berth-bench-"));
  await chmod(dataDir, 0o711);
  const [first, initMs] = await timed(() => candidate.start(dataDir));
  await first.stop();
  const [server, startMs] = await timed(() => candidate.start(dataDir));
  const [, migrateMs] = await timed(() => migrate(server.url));
  const db = new PrismaClient({ adapter: new PrismaPg({ connectionString: server.url, max: candidate.poolSize }) });
  await db.webhookDelivery.create({ data: delivery(-1) });

  const [, sequentialMs] = await timed(async () => {
    for (let i = 0; i < SEQUENTIAL; i++) await db.webhookDelivery.create({ data: delivery(i) });
  });
  const [, concurrentMs] = await timed(() => Promise.all(Array.from({ length: CONCURRENT }, (_, i) => db.webhookDelivery.create({ data: delivery(SEQUENTIAL + i) }))));
  // A slow transaction on one connection: do other requests wait for it?
  const slow = db.$transaction(async (tx) => {
    await tx.webhookDelivery.create({ data: delivery(-2) });
    // Work between statements (a build step, an API call) keeps the transaction's connection busy.
    await new Promise((resolve) => setTimeout(resolve, 500));
    await tx.webhookDelivery.count();
  });
  await new Promise((resolve) => setTimeout(resolve, 50));
  const [, blockedMs] = await timed(() => db.webhookDelivery.count());
  await slow;

  rows.push([
    candidate.name,
    `${initMs.toFixed(0)} ms`,
    `${startMs.toFixed(0)} ms`,
    `${migrateMs.toFixed(0)} ms`,
    `${(sequentialMs / SEQUENTIAL).toFixed(2)} ms`,
    `${((CONCURRENT / concurrentMs) * 1000).toFixed(0)} /s`,
    `${blockedMs.toFixed(0)} ms`,
  ]);
  await db.$disconnect();
  await server.stop();
  await rm(dataDir, { recursive: true, force: true });
}

const header = ["candidate", "first start (init)", "restart", "migrate", "insert (sequential)", `inserts (${CONCURRENT} concurrent)`, "read during a 0.5 s transaction"];
console.log(`| ${header.join(" | ")} |\n|${header.map(() => "---").join("|")}|`);
for (const row of rows) console.log(`| ${row.join(" | ")} |`);
