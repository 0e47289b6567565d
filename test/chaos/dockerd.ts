// Restarts the Docker engine this machine runs, the way an upgrade or a crash-and-restart does: SIGTERM (which
// stops every container, as dockerd does without live-restore), then the same command line and environment again.
// Under systemd, systemctl does it.
import { execFile, spawn } from "node:child_process";
import { open, readFile } from "node:fs/promises";
import { setTimeout as sleep } from "node:timers/promises";
import { promisify } from "node:util";
import { connectDocker } from "@/lib/server/runtime/docker";
import { waitFor } from "@/test/support/wait-for";

const run = promisify(execFile);
const LOG = "/tmp/berth-test-dockerd.log";

async function dockerdPid(): Promise<number> {
  const { stdout } = await run("pidof", ["dockerd"]);
  const pid = Number(stdout.trim().split(/\s+/)[0]);
  if (!Number.isInteger(pid) || pid <= 0) throw new Error("dockerd is not running");
  return pid;
}

const underSystemd = () => run("systemctl", ["is-active", "--quiet", "docker"]).then(() => true, () => false);

export async function restartDockerd(): Promise<{ downMs: number }> {
  const started = Date.now();
  if (await underSystemd()) {
    await run("systemctl", ["restart", "docker"]);
  } else {
    const pid = await dockerdPid();
    const argv = (await readFile(`/proc/${pid}/cmdline`, "utf8")).split("\0").filter(Boolean);
    const environ = (await readFile(`/proc/${pid}/environ`, "utf8")).split("\0").filter(Boolean);
    process.kill(pid, "SIGTERM");
    await waitFor(async () => !(await readFile(`/proc/${pid}/stat`, "utf8").catch(() => "")), 60_000, "dockerd to stop", 100);
    const log = await open(LOG, "a");
    // env -i: exactly the environment it had, nothing of this process's.
    spawn("env", ["-i", ...environ, ...argv], { detached: true, stdio: ["ignore", log.fd, log.fd] }).unref();
    await log.close();
  }
  const docker = connectDocker(undefined);
  await waitFor(() => docker.ping().then(() => true, () => false), 60_000, "dockerd to answer again", 200);
  // Containers with a restart policy come back a moment after the API answers.
  await sleep(500);
  return { downMs: Date.now() - started };
}
