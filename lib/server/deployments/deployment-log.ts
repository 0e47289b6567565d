// A deployment's log: lines stored in order (DeploymentLog ids) in small batches, each batch announced to
// live subscribers.
import { db } from "@/lib/server/db";
import { publishLive } from "@/lib/server/live/live-events";

const FLUSH_MS = 100;
const MAX_BATCH = 500;
// A single line longer than this is cut: one runaway line must not fill the database.
const MAX_LINE = 8_192;

// How much of a build's own output one deployment's log keeps (Berth's lines always go in): more than any
// real build prints, and a bound on what `RUN yes` can put into the database.
export const BUILD_OUTPUT_LIMIT = { lines: 10_000, bytes: 5 * 1024 * 1024 };

export type LogWriter = {
  // One of Berth's own lines: always kept.
  write(line: string, stream?: "stdout" | "stderr"): void;
  // A line of the build's output: kept until the deployment's log reaches its limit, then a line says so.
  output(line: string, stream?: "stdout" | "stderr"): void;
  close(): Promise<void>;
};

type Usage = { lines: number; bytes: number };

// Lines and bytes already in a deployment's log: a retried build shares the limit with earlier attempts.
export async function logUsage(deploymentId: string): Promise<Usage> {
  const [row] = await db.$queryRaw<{ lines: bigint; bytes: bigint | null }[]>`
    SELECT count(*) AS lines, sum(octet_length(line)) AS bytes FROM "DeploymentLog" WHERE "deploymentId" = ${deploymentId}`;
  return { lines: Number(row?.lines ?? 0), bytes: Number(row?.bytes ?? 0) };
}

export function createLogWriter(deploymentId: string, step: string, used: Usage = { lines: 0, bytes: 0 }): LogWriter {
  let pending: { line: string; stream: string; createdAt: Date }[] = [];
  // Batches are written in order; the first failure is kept for close() to report, so a batch written in
  // the background never rejects unobserved.
  let writing: Promise<void> = Promise.resolve();
  let failure: Error | null = null;
  let timer: NodeJS.Timeout | undefined;
  const usage = { ...used };
  let truncated = usage.lines >= BUILD_OUTPUT_LIMIT.lines || usage.bytes >= BUILD_OUTPUT_LIMIT.bytes;

  function flush() {
    timer = undefined;
    const batch = pending;
    pending = [];
    if (batch.length === 0) return;
    writing = writing
      .then(async () => {
        await db.deploymentLog.createMany({ data: batch.map((entry) => ({ deploymentId, step, ...entry })) });
        await publishLive({ type: "log", deploymentId });
      })
      .catch((error: unknown) => {
        failure ??= error instanceof Error ? error : new Error(String(error));
      });
  }

  function write(line: string, stream: "stdout" | "stderr" = "stdout") {
    const kept = line.length > MAX_LINE ? `${line.slice(0, MAX_LINE)}… [line cut]` : line;
    usage.lines += 1;
    usage.bytes += Buffer.byteLength(kept);
    pending.push({ line: kept, stream, createdAt: new Date() });
    if (pending.length >= MAX_BATCH) flush();
    else timer ??= setTimeout(flush, FLUSH_MS);
  }

  return {
    write,
    output(line, stream = "stdout") {
      if (truncated) return;
      if (usage.lines >= BUILD_OUTPUT_LIMIT.lines || usage.bytes + Buffer.byteLength(line) > BUILD_OUTPUT_LIMIT.bytes) {
        truncated = true;
        write(
          `Log truncated: this deployment's log reached its limit (${BUILD_OUTPUT_LIMIT.lines.toLocaleString("en")} lines or ${BUILD_OUTPUT_LIMIT.bytes / 1024 / 1024} MB); the rest of the build's output is not kept, the build goes on`,
          "stderr",
        );
        return;
      }
      write(line, stream);
    },
    async close() {
      if (timer) clearTimeout(timer);
      flush();
      await writing;
      if (failure) throw failure;
    },
  };
}

export async function logLines(deploymentId: string, step: string, lines: string[], stream: "stdout" | "stderr" = "stdout") {
  const writer = createLogWriter(deploymentId, step);
  for (const line of lines) writer.write(line, stream);
  await writer.close();
}
