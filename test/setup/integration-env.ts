import { inject } from "vitest";

// lib/env reads these on first use, after this file has run.
process.env.DATABASE_URL = inject("databaseUrl");
process.env.ENCRYPTION_KEY = inject("encryptionKey");
process.env.NEXTAUTH_SECRET = "integration-tests-secret-of-at-least-32-chars";
