// Two Berth processes on one database: the deploy workflow runs in the other one (a child process with the
// embedded executor), and this one streams the deployment's log as it is written there. Nothing but
// PostgreSQL joins them: the log lines and the "it ended" hint reach this process through LISTEN/NOTIFY.
import { spawn, type ChildProcess } from "node:child_process";
import { randomBytes } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { db } from "@/lib/server/db";
import type { SseSink } from "@/lib/server/live/sse";
import { findContainers, LABELS } from "@/lib/server/runtime/containers";
import { connectDocker } from "@/lib/server/runtime/docker";
import { createService } from "@/lib/server/services/create-service";
import { createServiceSchema } from "@/lib/shared/validations/service";
import { useIsolatedDatabase } from "@/test/support/isolated-database";
import { createSampleRepo } from "@/test/support/sample-repo";
import { createTestUser } from "@/test/support/users";
import { waitFor } from "@/test/support/wait-for";
import { requestDeployment } from "./request-deployment";
import { streamDeploymentLogs } from "./stream-deployment-logs";

let dropDatabase: () => Promise<void>;
let other: ChildProcess;

beforeAll(async () => {
  dropDatabase = await useIsolatedDatabase();
  other = spawn(process.execPath, ["--conditions=react-server", "--import", "tsx", "test/support/executor-process.ts"], {
    env: { ...process.env, LOG_LEVEL: "silent" },
    stdio: ["ignore", "pipe", "inherit"],
  });
  await new Promise<void>((resolve, reject) => {
    other.stdout?.on("data", (chunk: Buffer) => chunk.toString().includes("executor started") && resolve());
    other.on("exit", (code) => reject(new Error(`the other instance exited (${code})`)));
  });
}, 60_000);

afterAll(async () => {
  other.kill("SIGKILL");
  await dropDatabase();
});

describe("two instances on one database", () => {
  it("streams, here, the log of a deployment the other instance runs, to its end", { timeout: 120_000 }, async () => {
    const repo = await createSampleRepo();
    const user = await createTestUser();
    const service = await createService(
      user.id,
      createServiceSchema.parse({ name: `pair-${randomBytes(3).toString("hex")}`, provider: "git", clone_url: repo.url, runtime: { container_port: 8080, health_check_path: "/healthz", health_check_timeout_s: 4 } }),
    );
    const received: { line: string; at: number }[] = [];
    let ended: string | null = null;
    const sink: SseSink = {
      send: ({ event, data }) => {
        if (event === "end") ended = (data as { status: string }).status;
        else received.push({ line: (data as { line: string }).line, at: Date.now() });
      },
      close: () => {},
    };
    try {
      const sha = await repo.commit("healthy", "from the other instance", "pair");
      const deployment = await requestDeployment(user, service.id, { commit_sha: sha });
      // Opened before the other process has written a line: every line arrives live.
      const unsubscribe = await streamDeploymentLogs(deployment.id, 0n, sink);
      try {
        await waitFor(() => Promise.resolve(ended), 90_000, "the end of the deployment's log");
      } finally {
        unsubscribe();
      }
      expect(ended).toBe("live");
      const text = received.map((entry) => entry.line).join("\n");
      expect(text).toMatch(/Checked out [0-9a-f]{7} "from the other instance"[\s\S]*Healthy after[\s\S]*now goes to this deployment/);
      // Lines came over time, not as one stored batch at the end.
      expect((received.at(-1)?.at ?? 0) - (received[0]?.at ?? 0)).toBeGreaterThan(200);
    } finally {
      for (const container of await findContainers(connectDocker(undefined), { [LABELS.service]: service.id })) await connectDocker(undefined).getContainer(container.Id).remove({ force: true });
      await repo.remove();
      await db.service.delete({ where: { id: service.id } }).catch(() => {});
    }
  });
});
