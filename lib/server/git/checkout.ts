// Fetches one commit of a repository into an empty directory with the git CLI: a shallow fetch of the
// exact sha into the service's object cache (a bare repository kept between its builds, so a push fetches
// only what changed), then its tree written into the directory, without a .git. git runs in a clean room: a fresh HOME, no system or global configuration, no credential
// helpers, no ssh agent or host keys, only the remote's own protocol, no redirects, and an environment
// without Berth's secrets. The only credential offered is the service's own, through the environment
// (never the command line or the URL).
import { execFile } from "node:child_process";
import { existsSync } from "node:fs";
import { mkdir, mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { promisify } from "node:util";
import { inheritedChildEnv } from "@/lib/server/env";
import { isCommitSha } from "@/lib/shared/validations/git";
import type { CheckedRemote } from "./remote-policy";

const run = promisify(execFile);

export type GitCredential = { type: "token"; username: string; token: string } | { type: "ssh_key"; privateKey: string } | null;

export type CheckoutInput = {
  remote: CheckedRemote;
  branch: string;
  // null: the head of the branch.
  commitSha: string | null;
  credential: GitCredential;
  dir: string;
  // The service's bare repository of fetched objects (object-cache.ts); created when missing.
  cacheDir: string;
  signal?: AbortSignal;
};

export type Commit = { sha: string; author: string; message: string };

export class CheckoutError extends Error {
  override name = "CheckoutError";
}

export async function checkout(input: CheckoutInput): Promise<Commit> {
  // Defence in depth: the boundary schemas already refuse anything else.
  if (input.commitSha !== null && !isCommitSha(input.commitSha)) throw new CheckoutError("The requested commit is not a full commit sha");
  const cached = existsSync(join(input.cacheDir, "HEAD"));
  try {
    return await fetchAndWriteTree(input);
  } catch (error) {
    if (!cached || input.signal?.aborted) throw error;
    // A cache left broken (a killed build's lock file, a damaged pack) must not fail every later build: once
    // more from nothing.
    await rm(input.cacheDir, { recursive: true, force: true });
    return fetchAndWriteTree(input);
  }
}

async function fetchAndWriteTree(input: CheckoutInput): Promise<Commit> {
  await mkdir(dirname(input.cacheDir), { recursive: true, mode: 0o700 });
  const room = await cleanRoom(input.remote, input.credential);
  const git = async (...args: string[]) => {
    try {
      const { stdout } = await run("git", [`--git-dir=${input.cacheDir}`, ...args], {
        // Next.js types NODE_ENV as always present; git is better off without it.
        env: room.env as NodeJS.ProcessEnv,
        maxBuffer: 16 * 1024 * 1024,
        timeout: 10 * 60_000,
        signal: input.signal,
      });
      return stdout;
    } catch (error) {
      if (input.signal?.aborted) throw new CheckoutError("Fetch cancelled");
      throw new CheckoutError(gitFailure((error as { stderr?: string }).stderr) || String(error));
    }
  };
  try {
    if (!existsSync(join(input.cacheDir, "HEAD"))) await git("init", "--bare", "--quiet");
    const branchRef = `refs/heads/${input.branch}`;
    const fetch = (depth: number, ref: string) => git("fetch", "--quiet", `--depth=${depth}`, "--no-tags", "--end-of-options", input.remote.url, ref);
    let wanted = "FETCH_HEAD";
    if (input.commitSha) {
      wanted = input.commitSha;
      // Servers that refuse to serve a bare sha (uploadpack.allowReachableSHA1InWant off) still serve the branch.
      try {
        await fetch(1, input.commitSha);
      } catch (error) {
        if (input.signal?.aborted) throw error;
        await fetch(100, branchRef);
      }
    } else {
      await fetch(1, branchRef);
    }
    // The commit, not just any object of that name, and its tree into the directory: no .git in the build context.
    const [sha = "", author = "", message = ""] = (await git("log", "-1", "--format=%H%x00%an%x00%s", "--end-of-options", `${wanted}^{commit}`).catch((error: unknown) => {
      if (input.signal?.aborted || !input.commitSha) throw error;
      throw new CheckoutError(`Commit ${input.commitSha} is not in ${input.branch}'s last 100 commits or no longer exists`);
    })).trim().split("\0");
    await git(`--work-tree=${input.dir}`, "read-tree", "--reset", "-u", "--end-of-options", sha);
    return { sha, author, message };
  } finally {
    await room.cleanup();
  }
}

// git's last few lines that say what went wrong, without its boilerplate.
const NOISE = [/^Warning: Permanently added/, /^Please make sure you have the correct access rights/, /^and the repository exists\.$/];

export function gitFailure(stderr: string | undefined): string {
  const lines = (stderr ?? "").split("\n").map((line) => line.trim());
  return lines.filter((line) => line && !NOISE.some((pattern) => pattern.test(line))).slice(-3).join(" ");
}

type CleanRoom = { env: Record<string, string>; cleanup: () => Promise<void> };

// The environment of every git call of one checkout, and the temporary HOME behind it.
export async function cleanRoom(remote: CheckedRemote, credential: GitCredential): Promise<CleanRoom> {
  const home = await mkdtemp(join(tmpdir(), "berth-git-"));
  const config: [string, string][] = [
    // An empty value clears every helper configured anywhere else.
    ["credential.helper", ""],
    ["http.followRedirects", "false"],
  ];
  if (credential?.type === "token") {
    const basic = Buffer.from(`${credential.username}:${credential.token}`).toString("base64");
    config.push(["http.extraHeader", `Authorization: Basic ${basic}`]);
  }
  // Connect to the addresses the policy checked, not to whatever the name resolves to by now.
  if ((remote.kind === "https" || remote.kind === "http") && remote.host && remote.addresses.length > 0) {
    const addresses = remote.addresses.map((address) => (address.includes(":") ? `[${address}]` : address)).join(",");
    config.push(["http.curloptResolve", `${remote.host}:${remote.port}:${addresses}`]);
  }

  const ssh = ["ssh", "-F", "/dev/null", "-o", "IdentityAgent=none", "-o", "IdentitiesOnly=yes", "-o", "BatchMode=yes", "-o", "ConnectTimeout=30"];
  ssh.push("-o", "StrictHostKeyChecking=accept-new", "-o", `UserKnownHostsFile=${shellQuote(join(home, "known_hosts"))}`);
  if (credential?.type === "ssh_key") {
    const keyFile = join(home, "key");
    await writeFile(keyFile, credential.privateKey.endsWith("\n") ? credential.privateKey : `${credential.privateKey}\n`, { mode: 0o600 });
    ssh.push("-i", shellQuote(keyFile));
  } else {
    // ssh finds ~/.ssh/id_* through the password database, not $HOME: name no identity at all.
    ssh.push("-o", "IdentityFile=none");
  }
  if (remote.kind === "ssh" && remote.addresses[0]) ssh.push("-o", `HostName=${remote.addresses[0]}`);

  const env: Record<string, string> = {
    ...inheritedChildEnv(),
    HOME: home,
    XDG_CONFIG_HOME: home,
    LC_ALL: "C",
    GIT_TERMINAL_PROMPT: "0",
    GIT_ASKPASS: "true",
    GIT_CONFIG_NOSYSTEM: "1",
    // The cache is bare; the tree is written through an index of this checkout's own.
    GIT_INDEX_FILE: join(home, "index"),
    GIT_CONFIG_GLOBAL: "/dev/null",
    GIT_ALLOW_PROTOCOL: remote.kind,
    // git runs this through the shell: only paths Berth made and addresses the policy checked go into it.
    GIT_SSH_COMMAND: ssh.join(" "),
    GIT_CONFIG_COUNT: String(config.length),
  };
  config.forEach(([key, value], index) => {
    env[`GIT_CONFIG_KEY_${index}`] = key;
    env[`GIT_CONFIG_VALUE_${index}`] = value;
  });
  return { env, cleanup: () => rm(home, { recursive: true, force: true }) };
}

function shellQuote(value: string): string {
  return `'${value.replaceAll("'", `'\\''`)}'`;
}
