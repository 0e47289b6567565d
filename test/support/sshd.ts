// A real OpenSSH server (Debian's sshd) on a loopback port, serving Git repositories over ssh:// to the
// user running the tests, for the keys the test authorizes. For proving which identities git offers.
import { execFile, spawn } from "node:child_process";
import { mkdir, mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import { connect } from "node:net";
import { tmpdir, userInfo } from "node:os";
import { join } from "node:path";
import { promisify } from "node:util";
import { freePort } from "@/lib/server/net/free-port";
import { waitFor } from "./wait-for";

const run = promisify(execFile);

export async function generateKey(path: string): Promise<{ privateKey: string; publicKey: string }> {
  await run("ssh-keygen", ["-q", "-t", "ed25519", "-N", "", "-C", "berth-test", "-f", path]);
  return { privateKey: await readFile(path, "utf8"), publicKey: (await readFile(`${path}.pub`, "utf8")).trim() };
}

export async function startSshd(authorizedKeys: string[]) {
  const dir = await mkdtemp(join(tmpdir(), "berth-sshd-"));
  const port = await freePort();
  await generateKey(join(dir, "host_ed25519"));
  await writeFile(join(dir, "authorized_keys"), `${authorizedKeys.join("\n")}\n`, { mode: 0o600 });
  const config = join(dir, "sshd_config");
  await writeFile(
    config,
    [
      `Port ${port}`,
      "ListenAddress 127.0.0.1",
      `HostKey ${join(dir, "host_ed25519")}`,
      `AuthorizedKeysFile ${join(dir, "authorized_keys")}`,
      `PidFile ${join(dir, "sshd.pid")}`,
      "PubkeyAuthentication yes",
      "PasswordAuthentication no",
      "KbdInteractiveAuthentication no",
      "PermitRootLogin prohibit-password",
      "StrictModes no",
      "UsePAM no",
      "LogLevel VERBOSE",
    ].join("\n"),
    { mode: 0o600 },
  );
  // sshd's privilege separation directory; Debian's package creates it only when its service starts.
  await mkdir("/run/sshd", { recursive: true, mode: 0o755 }).catch(() => {});
  const child = spawn("/usr/sbin/sshd", ["-D", "-e", "-f", config], { stdio: ["ignore", "ignore", "pipe"] });
  let log = "";
  child.stderr.on("data", (chunk: Buffer) => (log += chunk.toString("utf8")));
  await waitFor(
    () =>
      new Promise<boolean>((resolve) => {
        if (child.exitCode !== null) throw new Error(`sshd exited: ${log}`);
        const socket = connect(port, "127.0.0.1", () => {
          socket.destroy();
          resolve(true);
        });
        socket.on("error", () => resolve(false));
      }),
    10_000,
    "sshd to listen",
  );
  return {
    // An ssh:// URL for a repository at this absolute path on this machine.
    urlFor: (path: string) => `ssh://${userInfo().username}@127.0.0.1:${port}${path}`,
    // A Docker engine on this machine, reached through this server (Berth runs `docker system dial-stdio` here).
    dockerHost: `ssh://${userInfo().username}@127.0.0.1:${port}`,
    // The server's public key, as a known_hosts line without the host.
    hostKey: (await readFile(join(dir, "host_ed25519.pub"), "utf8")).trim(),
    log: () => log,
    async stop() {
      child.kill("SIGTERM");
      await rm(dir, { recursive: true, force: true });
    },
  };
}
