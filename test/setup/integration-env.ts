import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { inject } from "vitest";
import { TEST_SIGNING_KEY } from "@/test/support/workflow";

// lib/server/env reads these on first use, after this file has run.
process.env.DATABASE_URL = inject("databaseUrl");
process.env.ENCRYPTION_KEY = inject("encryptionKey");
process.env.NEXTAUTH_SECRET = "integration-tests-secret-of-at-least-32-chars";
// The app's Inngest client reads its signing key at construction; the test executor signs with the same.
process.env.INNGEST_SIGNING_KEY = TEST_SIGNING_KEY;
// The sample apps are deployed from file:// repositories; files testing the clone URL policy set it back.
process.env.BERTH_ALLOW_LOCAL_GIT = "true";
// Berth's own files (the services' git object caches) go to a directory of this test file's own.
process.env.BERTH_DATA_DIR = mkdtempSync(join(tmpdir(), "berth-data-"));
