// npm run db:new-migration -- <name>
// Writes prisma/migrations/<timestamp>_<name>/migration.sql: the SQL that takes the schema as last
// committed (git HEAD) to prisma/schema.prisma as it is now. Offline: `prisma migrate diff` compares two
// datamodels; the CLI still connects through its adapter, so it is given the embedded database (or
// DATABASE_URL), which it leaves untouched.
import { execFileSync } from "node:child_process";
import { mkdirSync, mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { openDatabase } from "@/lib/server/instance/prepare-instance";
import { launcherEnv } from "@/lib/server/env";

const name = process.argv[2];
if (!name || !/^[a-z0-9_]+$/.test(name)) {
  console.error("usage: npm run db:new-migration -- <name>   (lower-case letters, digits and _)");
  process.exit(2);
}

const schemaPath = "prisma/schema.prisma";
const database = await openDatabase(launcherEnv());
const prisma = (args: string[]) =>
  execFileSync("npx", ["prisma", ...args], { encoding: "utf8", env: { ...process.env, DATABASE_URL: database.url } });

function committedSchema(): string | undefined {
  try {
    return execFileSync("git", ["show", `HEAD:${schemaPath}`], { encoding: "utf8", stdio: "pipe" });
  } catch {
    return undefined;
  }
}

const previous = committedSchema();
const from = previous
  ? ["--from-schema-datamodel", writeTemp(previous)]
  : ["--from-empty"];
const sql = prisma(["migrate", "diff", ...from, "--to-schema-datamodel", schemaPath, "--script"]);
await database.stop();
if (!/^\s*(CREATE|ALTER|DROP)/m.test(sql)) {
  console.log("prisma/schema.prisma matches HEAD: no migration needed.");
  process.exit(0);
}

const stamp = new Date().toISOString().replace(/\D/g, "").slice(0, 14);
const dir = join("prisma", "migrations", `${stamp}_${name}`);
mkdirSync(dir, { recursive: true });
writeFileSync(join(dir, "migration.sql"), sql);
console.log(`Wrote ${join(dir, "migration.sql")}`);

function writeTemp(content: string): string {
  const file = join(mkdtempSync(join(tmpdir(), "berth-schema-")), "schema.prisma");
  writeFileSync(file, content);
  return file;
}
