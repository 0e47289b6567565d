// Berth as it runs in production: the launcher (scripts/berth.ts start) and the web server it starts, in a
// process group of their own so that kill() is a SIGKILL of the whole of Berth, with no chance to clean up.
// The traffic router the launcher starts is detached from that group and keeps running, as it does in production.
import { spawn, type ChildProcess } from "node:child_process";
import { open } from "node:fs/promises";
import { fileURLToPath } from "node:url";
import { waitFor } from "@/test/support/wait-for";

const ROOT = fileURLToPath(new URL("../../", import.meta.url));

export function berthProcess(env: NodeJS.ProcessEnv, logPath: string) {
  let child: ChildProcess | undefined;
  const url = `http://127.0.0.1:${env.PORT}`;

  async function exited(process: ChildProcess) {
    if (process.exitCode !== null || process.signalCode !== null) return;
    await new Promise((resolve) => process.once("exit", resolve));
  }

  return {
    url,
    async start() {
      const log = await open(logPath, "a");
      const started: ChildProcess = spawn(process.execPath, ["--import", "tsx", "scripts/berth.ts", "start"], {
        cwd: ROOT,
        detached: true,
        stdio: ["ignore", log.fd, log.fd],
        env: { PATH: process.env.PATH ?? "/usr/bin:/bin", HOME: process.env.HOME ?? "/root", ...env },
      });
      child = started;
      await log.close();
      await waitFor(
        async () => {
          if (started.exitCode !== null) throw new Error(`Berth exited with code ${started.exitCode} before it answered (log: ${logPath})`);
          return fetch(`${url}/api/health`).then((response) => response.ok, () => false);
        },
        90_000,
        "Berth to answer /api/health",
        200,
      );
    },
    // kill -9 of the launcher and the web server together.
    async kill() {
      if (!child?.pid) return;
      process.kill(-child.pid, "SIGKILL");
      await exited(child);
    },
    async stop() {
      const running = child;
      const group = running?.pid;
      if (!running || !group || running.exitCode !== null) return;
      process.kill(-group, "SIGTERM");
      const timer = setTimeout(() => process.kill(-group, "SIGKILL"), 10_000);
      await exited(running);
      clearTimeout(timer);
    },
  };
}
