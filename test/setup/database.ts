// Vitest global setup for integration tests: one migrated database per run, shared by the test files.
import type { TestProject } from "vitest/node";
import { generateEncryptionKey } from "@/lib/server/crypto/encryption";
import { migrate } from "@/lib/server/database/migrate";
import { createTestDatabase } from "./test-database";

declare module "vitest" {
  export interface ProvidedContext {
    databaseUrl: string;
    databaseKind: "embedded" | "real";
    encryptionKey: string;
  }
}

export default async function setup(project: TestProject) {
  const database = await createTestDatabase(process.env.TEST_DATABASE_URL);
  await migrate(database.url);
  project.provide("databaseUrl", database.url);
  project.provide("databaseKind", database.kind);
  project.provide("encryptionKey", generateEncryptionKey());
  console.log(`integration tests use ${database.kind} PostgreSQL`);
  return () => database.drop();
}
