// A git repository on disk holding one of the sample apps (test/fixtures/apps), to deploy from file://.
import { execFile } from "node:child_process";
import { copyFile, cp, mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { promisify } from "node:util";

const run = promisify(execFile);
const APPS = join(import.meta.dirname, "..", "fixtures", "apps");

// "unhealthy" is the healthy app without its /healthz page: the health check gets 404.
export type SampleApp = "healthy" | "unhealthy" | "broken";

export async function createSampleRepo() {
  const dir = await mkdtemp(join(tmpdir(), "berth-sample-"));
  const git = async (...args: string[]) =>
    (await run("git", ["-C", dir, "-c", "user.name=Sample Author", "-c", "user.email=author@example.test", ...args])).stdout.trim();
  await git("init", "--quiet", "--initial-branch=main");

  async function commitWith(app: SampleApp, message: string, prepare: (dir: string) => Promise<void>): Promise<string> {
    await run("git", ["-C", dir, "rm", "-rq", "--ignore-unmatch", "."]);
    await cp(join(APPS, app === "unhealthy" ? "healthy" : app), dir, { recursive: true });
    if (app === "unhealthy") await rm(join(dir, "www", "healthz"));
    await copyFile("/bin/busybox", join(dir, "busybox"));
    await prepare(dir);
    await git("add", "-A");
    await git("commit", "--quiet", "-m", message);
    return git("rev-parse", "HEAD");
  }

  return {
    url: `file://${dir}`,
    // Replaces the working tree with the app (and optional page text) and commits it; returns the sha.
    commit(app: SampleApp, message: string, page?: string): Promise<string> {
      return commitWith(app, message, async () => {
        if (page !== undefined) await writeFile(join(dir, "www", "index.html"), `${page}\n`);
      });
    },
    // The app, then whatever prepare does to the working tree (a Dockerfile of its own, symlinks).
    commitWith,
    // A commit that changes nothing (cheap, for bursts of pushes); returns the sha.
    async commitEmpty(message: string): Promise<string> {
      await git("commit", "--quiet", "--allow-empty", "-m", message);
      return git("rev-parse", "HEAD");
    },
    // Pushes the current commit to another repository's branch (a provider's, in the emulator).
    pushTo: (remoteUrl: string, branch = "main") => git("push", "--quiet", remoteUrl, `HEAD:${branch}`),
    remove: () => rm(dir, { recursive: true, force: true }),
  };
}
