// Backups of a Berth: every row of its database, read in one repeatable-read snapshot (consistent while Berth
// runs), and the keys that open its secrets (ENCRYPTION_KEY, NEXTAUTH_SECRET, INNGEST_SIGNING_KEY), as gzipped
// JSON lines. Restoring writes the keys into the new data directory, migrates the new database to this version
// and inserts the rows, columns by name, so a backup from an older version restores into a newer schema.
// A backup holds the keys: whoever has the file has every secret Berth keeps (its mode is 0600).
import { createReadStream, createWriteStream, existsSync } from "node:fs";
import { chmod, mkdir, readFile, stat, writeFile } from "node:fs/promises";
import { join, resolve } from "node:path";
import { createInterface } from "node:readline";
import { pipeline } from "node:stream/promises";
import { Readable } from "node:stream";
import { createGunzip, createGzip } from "node:zlib";
import pg from "pg";
import { z } from "zod";
import { migrate } from "@/lib/server/database/migrate";
import type { LauncherEnv } from "@/lib/server/env";
import { openDatabase } from "./prepare-instance";

const FORMAT = 1;
const KEY_FILES = { ENCRYPTION_KEY: "encryption.key", NEXTAUTH_SECRET: "auth-secret", INNGEST_SIGNING_KEY: "inngest-signing-key" } as const;
type Keys = Record<keyof typeof KEY_FILES, string>;
const BATCH = 500;

const headerSchema = z.object({
  berth_backup: z.literal(FORMAT),
  created_at: z.string(),
  migrations: z.array(z.string()),
  keys: z.object({ ENCRYPTION_KEY: z.string().min(1), NEXTAUTH_SECRET: z.string().min(1), INNGEST_SIGNING_KEY: z.string().min(1) }),
});
const rowLineSchema = z.object({ table: z.string().regex(/^[A-Za-z_][A-Za-z0-9_]*$/), row: z.record(z.string(), z.unknown()) });

export class BackupError extends Error {
  override name = "BackupError";
}

async function currentKeys(config: LauncherEnv): Promise<Keys> {
  const dataDir = resolve(config.BERTH_DATA_DIR);
  const read = async (name: keyof typeof KEY_FILES): Promise<string> => {
    const given = config[name];
    if (given) return given;
    const file = join(dataDir, KEY_FILES[name]);
    if (!existsSync(file)) throw new BackupError(`${file} does not exist: is BERTH_DATA_DIR (${dataDir}) a Berth's, or is ${name} set elsewhere?`);
    return (await readFile(file, "utf8")).trim();
  };
  return { ENCRYPTION_KEY: await read("ENCRYPTION_KEY"), NEXTAUTH_SECRET: await read("NEXTAUTH_SECRET"), INNGEST_SIGNING_KEY: await read("INNGEST_SIGNING_KEY") };
}

// Berth's tables, parents before children (foreign keys), without the migrator's own.
async function tablesInOrder(client: pg.Client): Promise<string[]> {
  const { rows: tables } = await client.query<{ name: string }>(
    `SELECT table_name AS name FROM information_schema.tables WHERE table_schema = 'public' AND table_type = 'BASE TABLE' AND table_name <> '_prisma_migrations' ORDER BY table_name`,
  );
  const { rows: edges } = await client.query<{ child: string; parent: string }>(
    `SELECT c.conrelid::regclass::text AS child, c.confrelid::regclass::text AS parent FROM pg_constraint c
     JOIN pg_namespace n ON n.oid = c.connamespace WHERE c.contype = 'f' AND n.nspname = 'public'`,
  );
  const unquote = (name: string) => name.replace(/^"|"$/g, "");
  const parents = new Map(tables.map((table) => [table.name, new Set<string>()]));
  for (const edge of edges) if (unquote(edge.child) !== unquote(edge.parent)) parents.get(unquote(edge.child))?.add(unquote(edge.parent));
  const ordered: string[] = [];
  const visit = (name: string, trail: Set<string>) => {
    if (ordered.includes(name) || trail.has(name)) return;
    trail.add(name);
    for (const parent of parents.get(name) ?? []) visit(parent, trail);
    ordered.push(name);
  };
  for (const table of tables) visit(table.name, new Set());
  return ordered;
}

export async function writeBackup(config: LauncherEnv, file: string): Promise<{ tables: number; rows: number; bytes: number }> {
  const keys = await currentKeys(config);
  const database = await openDatabase(config);
  const client = new pg.Client({ connectionString: database.url });
  let rows = 0;
  let tables: string[] = [];
  try {
    await client.connect();
    await client.query("BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY");
    const migrations = (await client.query<{ name: string }>(`SELECT migration_name AS name FROM "_prisma_migrations" ORDER BY migration_name`)).rows.map((row) => row.name);
    tables = await tablesInOrder(client);
    const lines = async function* () {
      yield `${JSON.stringify({ berth_backup: FORMAT, created_at: new Date().toISOString(), migrations, keys })}\n`;
      for (const table of tables) {
        // A cursor of BATCH rows at a time: a table of logs is never held whole.
        await client.query(`DECLARE backup_rows NO SCROLL CURSOR FOR SELECT row_to_json(t)::text AS row FROM "${table}" t`);
        for (;;) {
          const { rows: batch } = await client.query<{ row: string }>(`FETCH ${BATCH} FROM backup_rows`);
          for (const { row } of batch) {
            rows++;
            yield `{"table":${JSON.stringify(table)},"row":${row}}\n`;
          }
          if (batch.length < BATCH) break;
        }
        await client.query("CLOSE backup_rows");
      }
    };
    await pipeline(Readable.from(lines()), createGzip(), createWriteStream(file, { mode: 0o600 }));
    await chmod(file, 0o600);
    await client.query("COMMIT");
  } finally {
    await client.end().catch(() => {});
    await database.stop();
  }
  return { tables: tables.length, rows, bytes: (await stat(file)).size };
}

export async function restoreBackup(config: LauncherEnv, file: string): Promise<{ tables: number; rows: number }> {
  const input = createInterface({ input: createReadStream(file).pipe(createGunzip()), crlfDelay: Infinity });
  const iterator = input[Symbol.asyncIterator]();
  const first = await iterator.next().catch((error: unknown) => {
    throw new BackupError(`${file} is not a Berth backup: ${error instanceof Error ? error.message : String(error)}`);
  });
  const header = headerSchema.safeParse(first.done ? null : safeJson(first.value));
  if (!header.success) throw new BackupError(`${file} is not a Berth backup (its first line is not a Berth backup header)`);
  const keys = header.data.keys;

  const dataDir = resolve(config.BERTH_DATA_DIR);
  for (const name of Object.keys(KEY_FILES) as (keyof typeof KEY_FILES)[]) {
    if (config[name] && config[name] !== keys[name]) throw new BackupError(`${name} is set to another value than the backup's: unset it, or Berth could not open the restored secrets`);
    const path = join(dataDir, KEY_FILES[name]);
    if (existsSync(path) && (await readFile(path, "utf8")).trim() !== keys[name]) throw new BackupError(`${path} holds another key than the backup's: restore into a fresh BERTH_DATA_DIR`);
  }
  const database = await openDatabase(config);
  const client = new pg.Client({ connectionString: database.url });
  let rows = 0;
  const restoredTables = new Set<string>();
  try {
    await migrate(database.url);
    await client.connect();
    const tables = await tablesInOrder(client);
    for (const table of tables) {
      const { rows: count } = await client.query<{ any: boolean }>(`SELECT EXISTS (SELECT 1 FROM "${table}") AS any`);
      if (count[0]?.any) throw new BackupError(`The database already holds rows (table ${table}): restore into an empty one`);
    }
    const columns = new Map<string, Set<string>>();
    for (const { table, column } of (await client.query<{ table: string; column: string }>(`SELECT table_name AS table, column_name AS column FROM information_schema.columns WHERE table_schema = 'public'`)).rows) {
      if (!columns.has(table)) columns.set(table, new Set());
      columns.get(table)?.add(column);
    }
    await client.query("BEGIN");
    // Rows go in as they were, ids and all: no foreign-key order needed inside the transaction, no triggers fired.
    await client.query("SET LOCAL session_replication_role = replica");
    let pending: { table: string; rows: Record<string, unknown>[] } = { table: "", rows: [] };
    const flush = async () => {
      if (pending.rows.length === 0) return;
      const known = columns.get(pending.table);
      if (!known) throw new BackupError(`The backup has rows of table ${pending.table}, which this version of Berth does not have`);
      const names = [...new Set(pending.rows.flatMap((row) => Object.keys(row)))].filter((name) => known.has(name));
      const list = names.map((name) => `"${name}"`).join(", ");
      await client.query(`INSERT INTO "${pending.table}" (${list}) SELECT ${list} FROM json_populate_recordset(NULL::"${pending.table}", $1::json)`, [JSON.stringify(pending.rows)]);
      rows += pending.rows.length;
      restoredTables.add(pending.table);
      pending = { table: pending.table, rows: [] };
    };
    for (let line = await iterator.next(); !line.done; line = await iterator.next()) {
      if (!line.value.trim()) continue;
      const parsed = rowLineSchema.safeParse(safeJson(line.value));
      if (!parsed.success) throw new BackupError(`${file} has a line that is not a table row: the backup is damaged`);
      if (parsed.data.table !== pending.table || pending.rows.length >= BATCH) {
        await flush();
        pending.table = parsed.data.table;
      }
      pending.rows.push(parsed.data.row);
    }
    await flush();
    // Sequences (autoincrement ids) continue after the restored rows.
    const { rows: serials } = await client.query<{ table: string; column: string }>(
      `SELECT table_name AS table, column_name AS column FROM information_schema.columns WHERE table_schema = 'public' AND column_default LIKE 'nextval(%'`,
    );
    for (const serial of serials) {
      await client.query(`SELECT setval(pg_get_serial_sequence('"${serial.table}"', '${serial.column}'), COALESCE((SELECT max("${serial.column}") FROM "${serial.table}"), 0) + 1, false)`);
    }
    // The keys before the commit: rows without the keys that open them would be worse than no restore.
    await mkdir(dataDir, { recursive: true, mode: 0o711 });
    for (const name of Object.keys(KEY_FILES) as (keyof typeof KEY_FILES)[]) {
      if (!config[name]) await writeFile(join(dataDir, KEY_FILES[name]), `${keys[name]}\n`, { mode: 0o600 });
    }
    await client.query("COMMIT");
  } catch (error) {
    await client.query("ROLLBACK").catch(() => {});
    throw error;
  } finally {
    await client.end().catch(() => {});
    await database.stop();
  }
  return { tables: restoredTables.size, rows };
}

function safeJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return null;
  }
}
