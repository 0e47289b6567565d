// Fetches one commit of a repository into an empty directory with the git CLI: a shallow fetch of the
// exact sha, credentials passed through the environment (never the command line or the URL).
import { execFile } from "node:child_process";
import { chmod, mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { promisify } from "node:util";

const run = promisify(execFile);

export type GitCredential = { type: "token"; username: string; token: string } | { type: "ssh_key"; privateKey: string } | null;

export type CheckoutInput = {
  cloneUrl: string;
  branch: string;
  // null: the head of the branch.
  commitSha: string | null;
  credential: GitCredential;
  dir: string;
};

export type Commit = { sha: string; author: string; message: string };

export class CheckoutError extends Error {
  override name = "CheckoutError";
}

export async function checkout(input: CheckoutInput): Promise<Commit> {
  const auth = await credentialEnv(input.credential);
  const git = async (...args: string[]) => {
    try {
      const { stdout } = await run("git", ["-C", input.dir, ...args], {
        env: { ...process.env, ...auth.env, GIT_TERMINAL_PROMPT: "0", GIT_ASKPASS: "true", LC_ALL: "C" },
        maxBuffer: 16 * 1024 * 1024,
        timeout: 10 * 60_000,
      });
      return stdout;
    } catch (error) {
      const stderr = (error as { stderr?: string }).stderr?.trim().split("\n").slice(-3).join(" ") ?? String(error);
      throw new CheckoutError(stderr);
    }
  };
  try {
    await git("init", "--quiet");
    await git("remote", "add", "origin", input.cloneUrl);
    const branchRef = `refs/heads/${input.branch}`;
    if (input.commitSha) {
      // Servers that refuse to serve a bare sha (uploadpack.allowReachableSHA1InWant off) still serve the branch.
      try {
        await git("fetch", "--quiet", "--depth=1", "--no-tags", "origin", input.commitSha);
      } catch {
        await git("fetch", "--quiet", "--depth=100", "--no-tags", "origin", branchRef);
      }
      try {
        await git("checkout", "--quiet", "--detach", input.commitSha);
      } catch {
        throw new CheckoutError(`Commit ${input.commitSha} is not in ${input.branch}'s last 100 commits or no longer exists`);
      }
    } else {
      await git("fetch", "--quiet", "--depth=1", "--no-tags", "origin", branchRef);
      await git("checkout", "--quiet", "--detach", "FETCH_HEAD");
    }
    const [sha = "", author = "", message = ""] = (await git("log", "-1", "--format=%H%x00%an%x00%s")).trim().split("\0");
    return { sha, author, message };
  } finally {
    await auth.cleanup();
  }
}

async function credentialEnv(credential: GitCredential): Promise<{ env: Record<string, string>; cleanup: () => Promise<void> }> {
  if (!credential) return { env: {}, cleanup: async () => {} };
  if (credential.type === "token") {
    const basic = Buffer.from(`${credential.username}:${credential.token}`).toString("base64");
    return {
      env: { GIT_CONFIG_COUNT: "1", GIT_CONFIG_KEY_0: "http.extraHeader", GIT_CONFIG_VALUE_0: `Authorization: Basic ${basic}` },
      cleanup: async () => {},
    };
  }
  const dir = await mkdtemp(join(tmpdir(), "berth-ssh-"));
  const keyFile = join(dir, "key");
  await writeFile(keyFile, credential.privateKey.endsWith("\n") ? credential.privateKey : `${credential.privateKey}\n`, { mode: 0o600 });
  await chmod(keyFile, 0o600);
  return {
    env: {
      GIT_SSH_COMMAND: `ssh -i ${keyFile} -o IdentitiesOnly=yes -o BatchMode=yes -o StrictHostKeyChecking=accept-new -o UserKnownHostsFile=${join(dir, "known_hosts")}`,
    },
    cleanup: () => rm(dir, { recursive: true, force: true }),
  };
}
