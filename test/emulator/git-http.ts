// Bare repositories served over Git's smart HTTP protocol by `git http-backend` (CGI), so a real git client
// can clone and push. After a push, the caller learns which refs moved.
import { execFile, spawn } from "node:child_process";
import type { IncomingMessage, ServerResponse } from "node:http";
import { promisify } from "node:util";

const run = promisify(execFile);

export interface RefChange {
  ref: string;
  before: string;
  after: string;
}

export async function initBareRepository(dir: string, defaultBranch: string): Promise<void> {
  await run("git", ["init", "--quiet", "--bare", `--initial-branch=${defaultBranch}`, dir]);
  await run("git", ["-C", dir, "config", "http.receivepack", "true"]);
}

async function refs(dir: string): Promise<Map<string, string>> {
  const { stdout } = await run("git", ["-C", dir, "for-each-ref", "--format=%(objectname) %(refname)"]);
  return new Map(
    stdout
      .split("\n")
      .filter(Boolean)
      .map((line) => {
        const [sha, ref] = line.split(" ");
        return [ref ?? "", sha ?? ""] as const;
      }),
  );
}

export async function listBranches(dir: string): Promise<{ name: string; sha: string }[]> {
  const heads = [...(await refs(dir))].filter(([ref]) => ref.startsWith("refs/heads/"));
  return heads.map(([ref, sha]) => ({ name: ref.slice("refs/heads/".length), sha }));
}

export async function commitInfo(dir: string, sha: string) {
  const { stdout } = await run("git", ["-C", dir, "log", "-1", "--format=%B%x00%an%x00%ae%x00%cI", sha]);
  const [message = "", name = "", email = "", timestamp = ""] = stdout.split("\0");
  return { message: message.trim(), name, email, timestamp: timestamp.trim() };
}

const ZERO = "0".repeat(40);

// Serves one request for the repository at `root/relativePath`; resolves with the refs a push changed.
export async function serveGit(root: string, relativePath: string, request: IncomingMessage, response: ServerResponse): Promise<RefChange[]> {
  const url = new URL(request.url ?? "/", "http://emulator");
  const isPush = url.pathname.endsWith("/git-receive-pack");
  const repoDir = `${root}/${relativePath.split(".git/")[0]}.git`;
  const before = isPush ? await refs(repoDir) : new Map<string, string>();

  const cgi = spawn("git", ["http-backend"], {
    env: {
      ...process.env,
      GIT_PROJECT_ROOT: root,
      GIT_HTTP_EXPORT_ALL: "1",
      PATH_INFO: `/${relativePath}`,
      REQUEST_METHOD: request.method ?? "GET",
      QUERY_STRING: url.search.slice(1),
      CONTENT_TYPE: request.headers["content-type"] ?? "",
      REMOTE_USER: "emulator",
      ...(request.headers["content-encoding"] ? { HTTP_CONTENT_ENCODING: String(request.headers["content-encoding"]) } : {}),
    },
  });
  request.pipe(cgi.stdin);

  // CGI output: headers, a blank line, then the body.
  let buffered = Buffer.alloc(0);
  let headersDone = false;
  cgi.stdout.on("data", (chunk: Buffer) => {
    if (headersDone) {
      response.write(chunk);
      return;
    }
    buffered = Buffer.concat([buffered, chunk]);
    const end = buffered.indexOf("\r\n\r\n");
    if (end === -1) return;
    headersDone = true;
    let status = 200;
    for (const line of buffered.subarray(0, end).toString().split("\r\n")) {
      const [name, ...rest] = line.split(":");
      const value = rest.join(":").trim();
      if (name?.toLowerCase() === "status") status = Number(value.split(" ")[0]);
      else if (name) response.setHeader(name, value);
    }
    response.writeHead(status);
    response.write(buffered.subarray(end + 4));
  });
  await new Promise<void>((resolve, reject) => {
    cgi.on("error", reject);
    cgi.on("close", () => resolve());
  });

  if (!isPush) {
    response.end();
    return [];
  }
  const after = await refs(repoDir);
  const changes: RefChange[] = [];
  for (const ref of new Set([...before.keys(), ...after.keys()])) {
    const old = before.get(ref) ?? ZERO;
    const now = after.get(ref) ?? ZERO;
    if (old !== now) changes.push({ ref, before: old, after: now });
  }
  return changes;
}
