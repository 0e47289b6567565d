// git as Berth runs it, against real servers: the emulator's smart HTTP, Debian's sshd and local
// repositories. Each test is an attack on the host through a clone URL, a pushed sha or the host's own
// credentials, next to the fetch that must keep working.
import { execFile, spawn, type ChildProcess } from "node:child_process";
import { existsSync } from "node:fs";
import { chmod, mkdir, mkdtemp, readdir, readFile, rm, stat, writeFile } from "node:fs/promises";
import { tmpdir, userInfo } from "node:os";
import { join } from "node:path";
import { promisify } from "node:util";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startProviderEmulator, type ProviderEmulator } from "@/test/emulator/provider-emulator";
import { createSampleRepo } from "@/test/support/sample-repo";
import { generateKey, startSshd } from "@/test/support/sshd";
import { waitFor } from "@/test/support/wait-for";
import { checkout, CheckoutError } from "./checkout";
import { checkRemote, type CheckedRemote, type RemotePolicy } from "./remote-policy";

const run = promisify(execFile);
const localAllowed: RemotePolicy = { allowLocal: true, providerUrls: [] };

let scratch: string;
let sample: Awaited<ReturnType<typeof createSampleRepo>>;
let head: string;
const hostEnv = { ...process.env };

beforeAll(async () => {
  scratch = await mkdtemp(join(tmpdir(), "berth-checkout-test-"));
  sample = await createSampleRepo();
  head = await sample.commit("healthy", "sample");
});

afterAll(async () => {
  process.env = hostEnv;
  await sample.remove();
  await rm(scratch, { recursive: true, force: true });
});

// A build directory and an object cache of their own: a fresh service.
async function freshDirs() {
  const dir = await mkdtemp(join(scratch, "clone-"));
  return { dir, cacheDir: `${dir}-cache.git` };
}

async function sizeOf(dir: string): Promise<number> {
  const entries = await readdir(dir, { recursive: true, withFileTypes: true });
  const sizes = await Promise.all(entries.filter((entry) => entry.isFile()).map((entry) => stat(join(entry.parentPath, entry.name)).then((info) => info.size)));
  return sizes.reduce((sum, size) => sum + size, 0);
}

describe("a pushed sha", () => {
  it("that is really a git option never reaches git", async () => {
    const marker = join(scratch, "upload-pack-ran");
    const attempt = checkout({
      remote: await checkRemote(sample.url, localAllowed),
      branch: "main",
      commitSha: `--upload-pack=touch ${marker};git-upload-pack`,
      credential: null,
      ...(await freshDirs()),
    });
    await expect(attempt).rejects.toThrow(new CheckoutError("The requested commit is not a full commit sha"));
    expect(existsSync(marker)).toBe(false);
  });

  it("that is a real commit is fetched exactly, its files and no .git in the build directory", async () => {
    const dirs = await freshDirs();
    const commit = await checkout({ remote: await checkRemote(sample.url, localAllowed), branch: "main", commitSha: head, credential: null, ...dirs });
    expect(commit).toMatchObject({ sha: head, message: "sample", author: "Sample Author" });
    expect(existsSync(join(dirs.dir, "Dockerfile"))).toBe(true);
    expect(existsSync(join(dirs.dir, ".git"))).toBe(false);
  });

  it("that is not in the repository fails, naming it", async () => {
    const missing = "0123456789abcdef0123456789abcdef01234567";
    const attempt = checkout({ remote: await checkRemote(sample.url, localAllowed), branch: "main", commitSha: missing, credential: null, ...(await freshDirs()) });
    await expect(attempt).rejects.toThrow(new CheckoutError(`Commit ${missing} is not in main's last 100 commits or no longer exists`));
  });
});

describe("the service's object cache", () => {
  // A repository of its own: these tests push commits the others do not expect.
  let repo: Awaited<ReturnType<typeof createSampleRepo>>;
  let firstCommit: string;
  beforeAll(async () => {
    repo = await createSampleRepo();
    firstCommit = await repo.commit("healthy", "first");
  });
  afterAll(() => repo.remove());

  it("makes the next push fetch only what changed", async () => {
    const dirs = await freshDirs();
    const remote = await checkRemote(repo.url, localAllowed);
    await checkout({ remote, branch: "main", commitSha: firstCommit, credential: null, ...dirs });
    const first = await sizeOf(dirs.cacheDir);
    const next = await repo.commit("healthy", "a small change", "v2");
    const commit = await checkout({ remote, branch: "main", commitSha: next, credential: null, dir: (await freshDirs()).dir, cacheDir: dirs.cacheDir });
    expect(commit.sha).toBe(next);
    // The sample's busybox (about a megabyte) is not fetched again: a few small objects are.
    expect(first).toBeGreaterThan(500_000);
    expect((await sizeOf(dirs.cacheDir)) - first).toBeLessThan(50_000);
  });

  it("left broken by a killed build is rebuilt rather than failing every build after it", async () => {
    const dirs = await freshDirs();
    const remote = await checkRemote(repo.url, localAllowed);
    await checkout({ remote, branch: "main", commitSha: firstCommit, credential: null, ...dirs });
    await writeFile(join(dirs.cacheDir, "shallow.lock"), "");
    const next = await repo.commit("healthy", "after the crash", "v3");
    const commit = await checkout({ remote, branch: "main", commitSha: next, credential: null, dir: (await freshDirs()).dir, cacheDir: dirs.cacheDir });
    expect(commit.sha).toBe(next);
    expect(existsSync(join(dirs.cacheDir, "shallow.lock"))).toBe(false);
  });
});

describe("over HTTP", () => {
  let emulator: ProviderEmulator;
  let token: string;
  let privateUrl: string;

  beforeAll(async () => {
    emulator = await startProviderEmulator();
    await emulator.createRepository("github", "acme/private", "main", true);
    token = emulator.issueToken("github");
    privateUrl = emulator.gitUrl("github", "acme/private");
    const withToken = new URL(privateUrl);
    withToken.username = "x-access-token";
    withToken.password = token;
    await sample.pushTo(withToken.toString());
  });

  afterAll(async () => {
    process.env = { ...hostEnv };
    await emulator.stop();
  });

  const remote = () => checkRemote(privateUrl, { allowLocal: false, providerUrls: [emulator.url] });

  it("fetches a private repository with the service's own token", async () => {
    const commit = await checkout({ remote: await remote(), branch: "main", commitSha: null, credential: { type: "token", username: "x-access-token", token }, ...(await freshDirs()) });
    expect(commit.sha).toBe(head);
  });

  it("does not lend the host's git credential helper to a service without a credential", async () => {
    const home = await mkdtemp(join(scratch, "host-home-"));
    await writeFile(join(home, ".gitconfig"), `[credential]\n\thelper = store --file=${join(home, "credentials")}\n`);
    await writeFile(join(home, "credentials"), `http://x-access-token:${token}@${new URL(emulator.url).host}\n`, { mode: 0o600 });
    process.env.HOME = home;
    // The host's own git does use it...
    await run("git", ["ls-remote", "--end-of-options", privateUrl], { env: { ...process.env, GIT_TERMINAL_PROMPT: "0" } });
    // ...Berth's does not.
    const attempt = checkout({ remote: await remote(), branch: "main", commitSha: null, credential: null, ...(await freshDirs()) });
    await expect(attempt).rejects.toThrow(CheckoutError);
    await expect(attempt).rejects.toThrow(/Authentication failed|could not read Username|terminal prompts disabled/);
  });

  it("connects to the addresses the policy checked, not to what the name resolves to later", async () => {
    const port = Number(new URL(emulator.url).port);
    const pinned: CheckedRemote = {
      url: `http://git.berth.test:${port}/git/github/acme/private.git`,
      kind: "http",
      host: "git.berth.test",
      port,
      addresses: ["127.0.0.1"],
    };
    // git.berth.test resolves nowhere: the fetch works only through the pin.
    const commit = await checkout({ remote: pinned, branch: "main", commitSha: null, credential: { type: "token", username: "x-access-token", token }, ...(await freshDirs()) });
    expect(commit.sha).toBe(head);
  });

  it("follows no redirect to another place", async () => {
    const redirecting = await startRedirector(privateUrl);
    try {
      const remoteUrl = `${redirecting.url}/git/github/acme/private.git`;
      const attempt = checkout({
        remote: await checkRemote(remoteUrl, localAllowed),
        branch: "main",
        commitSha: null,
        credential: { type: "token", username: "x-access-token", token },
        ...(await freshDirs()),
      });
      await expect(attempt).rejects.toThrow(CheckoutError);
      expect(redirecting.hits()).toBeGreaterThan(0);
    } finally {
      await redirecting.stop();
    }
  });
});

describe("over ssh", () => {
  let sshd: Awaited<ReturnType<typeof startSshd>>;
  let agent: ChildProcess;
  let bareRepo: string;
  let serviceKey: { privateKey: string; publicKey: string };
  let createdHostKey: string | undefined;

  beforeAll(async () => {
    serviceKey = await generateKey(join(scratch, "service-key"));
    // The host's own identities, as an operator's machine has them: a key in ~/.ssh (found through the
    // password database, whatever HOME says) and one in a running ssh-agent.
    const sshDir = join(userInfo().homedir, ".ssh");
    const hostKeyPath = join(sshDir, "id_ed25519");
    if (!existsSync(hostKeyPath)) {
      await mkdir(sshDir, { recursive: true, mode: 0o700 });
      await generateKey(hostKeyPath);
      createdHostKey = hostKeyPath;
    }
    const hostPublicKey = (await run("ssh-keygen", ["-y", "-f", hostKeyPath])).stdout.trim();
    const agentKey = await generateKey(join(scratch, "agent-key"));
    const agentSocket = join(scratch, "agent.sock");
    agent = spawn("ssh-agent", ["-D", "-a", agentSocket], { stdio: "ignore" });
    await waitFor(async () => existsSync(agentSocket), 5_000, "ssh-agent");
    await run("ssh-add", ["-q", join(scratch, "agent-key")], { env: { ...process.env, SSH_AUTH_SOCK: agentSocket } });
    process.env.SSH_AUTH_SOCK = agentSocket;

    sshd = await startSshd([serviceKey.publicKey, hostPublicKey, agentKey.publicKey]);
    bareRepo = join(scratch, "served.git");
    await run("git", ["clone", "--quiet", "--bare", "--end-of-options", sample.url, bareRepo]);
  });

  afterAll(async () => {
    delete process.env.SSH_AUTH_SOCK;
    agent?.kill();
    await sshd?.stop();
    if (createdHostKey) await rm(createdHostKey, { force: true }).then(() => rm(`${createdHostKey}.pub`, { force: true }));
  });

  it("fetches with the service's own deploy key", async () => {
    const commit = await checkout({
      remote: await checkRemote(sshd.urlFor(bareRepo), localAllowed),
      branch: "main",
      commitSha: head,
      credential: { type: "ssh_key", privateKey: serviceKey.privateKey },
      ...(await freshDirs()),
    });
    expect(commit.sha).toBe(head);
  });

  it("offers none of the host's identities (~/.ssh keys, ssh-agent) to a service without a key", async () => {
    const viaHost = { ...process.env, GIT_SSH_COMMAND: "ssh -o StrictHostKeyChecking=no -o UserKnownHostsFile=/dev/null -o BatchMode=yes" };
    // The host's own git gets in with them...
    await run("git", ["ls-remote", "--end-of-options", sshd.urlFor(bareRepo)], { env: viaHost });
    // ...Berth's does not.
    const attempt = checkout({ remote: await checkRemote(sshd.urlFor(bareRepo), localAllowed), branch: "main", commitSha: null, credential: null, ...(await freshDirs()) });
    await expect(attempt).rejects.toThrow(/Permission denied/);
  });
});

describe("the environment git runs in", () => {
  it("holds none of Berth's secrets and no way to the host's credentials", async () => {
    const bin = await mkdtemp(join(scratch, "bin-"));
    const seen = join(scratch, "ssh-saw");
    // Stands in for ssh on PATH to record what git hands it, then fails the fetch.
    await writeFile(join(bin, "ssh"), `#!/bin/sh\n{ env; echo "ARGS $*"; } > ${seen}\nexit 255\n`);
    await chmod(join(bin, "ssh"), 0o755);
    process.env.PATH = `${bin}:${hostEnv.PATH ?? ""}`;
    process.env.SSH_AUTH_SOCK = "/tmp/host-agent.sock";
    process.env.GIT_SSH_COMMAND = "ssh -i /root/.ssh/host-key";
    try {
      const remote: CheckedRemote = { url: "git@git.example.com:acme/app.git", kind: "ssh", host: "git.example.com", port: 22, addresses: ["93.184.216.34"] };
      await expect(checkout({ remote, branch: "main", commitSha: null, credential: null, ...(await freshDirs()) })).rejects.toThrow(CheckoutError);
      const recorded = await readFile(seen, "utf8");
      for (const secret of [process.env.ENCRYPTION_KEY, process.env.NEXTAUTH_SECRET, process.env.DATABASE_URL, process.env.INNGEST_SIGNING_KEY]) {
        expect(secret).toBeTruthy();
        expect(recorded).not.toContain(secret);
      }
      expect(recorded).not.toMatch(/^SSH_AUTH_SOCK=/m);
      expect(recorded).not.toContain("host-key");
      expect(recorded).toMatch(/^HOME=.*berth-git-/m);
      expect(recorded).toMatch(/^GIT_CONFIG_NOSYSTEM=1$/m);
      expect(recorded).toMatch(/^GIT_CONFIG_GLOBAL=\/dev\/null$/m);
      expect(recorded).toMatch(/^GIT_ALLOW_PROTOCOL=ssh$/m);
      expect(recorded).toMatch(/^ARGS -F \/dev\/null -o IdentityAgent=none -o IdentitiesOnly=yes -o BatchMode=yes .*-o IdentityFile=none -o HostName=93\.184\.216\.34 /m);
    } finally {
      process.env = { ...hostEnv };
    }
  });
});

// An HTTP server that redirects every request to the same path on another server.
async function startRedirector(target: string) {
  const { createServer } = await import("node:http");
  let hits = 0;
  const origin = new URL(target).origin;
  const server = createServer((request, response) => {
    hits++;
    response.writeHead(301, { Location: `${origin}${request.url ?? "/"}` }).end();
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const address = server.address();
  const port = typeof address === "object" && address ? address.port : 0;
  return {
    url: `http://127.0.0.1:${port}`,
    hits: () => hits,
    stop: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
