// npm run db:migrate: applies pending migrations to DATABASE_URL, or to the embedded database.
import { openDatabase } from "@/lib/server/instance/prepare-instance";
import { migrate } from "@/lib/server/database/migrate";
import { launcherEnv } from "@/lib/server/env";

const database = await openDatabase(launcherEnv());
try {
  const { applied, unknown } = await migrate(database.url);
  console.log(applied.length ? `Applied ${applied.length} migration(s):\n  ${applied.join("\n  ")}` : "Database is up to date.");
  if (unknown.length) console.warn(`The database has migrations this checkout does not know:\n  ${unknown.join("\n  ")}`);
} catch (error) {
  console.error(error instanceof Error ? error.message : error);
  process.exitCode = 1;
} finally {
  await database.stop();
}
