// A deployment's log: lines stored in order (DeploymentLog ids) in small batches, each batch announced to
// live subscribers.
import { db } from "@/lib/db";
import { publishLive } from "@/lib/live/live-events";

const FLUSH_MS = 100;
const MAX_BATCH = 500;
// A single line longer than this is cut: one runaway line must not fill the database.
const MAX_LINE = 8_192;

export type LogWriter = {
  write(line: string, stream?: "stdout" | "stderr"): void;
  close(): Promise<void>;
};

export function createLogWriter(deploymentId: string, step: string): LogWriter {
  let pending: { line: string; stream: string; createdAt: Date }[] = [];
  let writing: Promise<void> = Promise.resolve();
  let timer: NodeJS.Timeout | undefined;

  function flush() {
    timer = undefined;
    const batch = pending;
    pending = [];
    if (batch.length === 0) return writing;
    writing = writing.then(async () => {
      await db.deploymentLog.createMany({ data: batch.map((entry) => ({ deploymentId, step, ...entry })) });
      await publishLive({ type: "log", deploymentId });
    });
    return writing;
  }

  return {
    write(line, stream = "stdout") {
      pending.push({ line: line.length > MAX_LINE ? `${line.slice(0, MAX_LINE)}… [line cut]` : line, stream, createdAt: new Date() });
      if (pending.length >= MAX_BATCH) void flush();
      else timer ??= setTimeout(() => void flush(), FLUSH_MS);
    },
    async close() {
      if (timer) clearTimeout(timer);
      await flush();
    },
  };
}

export async function logLines(deploymentId: string, step: string, lines: string[], stream: "stdout" | "stderr" = "stdout") {
  const writer = createLogWriter(deploymentId, step);
  for (const line of lines) writer.write(line, stream);
  await writer.close();
}
