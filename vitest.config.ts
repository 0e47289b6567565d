import { fileURLToPath } from "node:url";
import { defineConfig } from "vitest/config";

const root = fileURLToPath(new URL(".", import.meta.url));

export default defineConfig({
  resolve: {
    alias: [
      { find: /^@\/(.*)$/, replacement: `${root}$1` },
      // `server-only` throws outside React Server Components; tests import server modules directly.
      { find: "server-only", replacement: `${root}test/setup/empty-module.ts` },
    ],
  },
  test: {
    projects: [
      {
        extends: true,
        test: { name: "unit", include: ["**/*.test.ts"], exclude: ["**/*.integration.test.ts", "**/*.chaos.test.ts", "node_modules/**", ".next/**", "e2e/**"] },
      },
      {
        extends: true,
        test: {
          name: "integration",
          include: ["**/*.integration.test.ts"],
          exclude: ["node_modules/**", ".next/**", "e2e/**"],
          globalSetup: ["test/setup/database.ts"],
          setupFiles: ["test/setup/integration-env.ts"],
          testTimeout: 30_000,
          hookTimeout: 60_000,
        },
      },
      {
        extends: true,
        // Against the production build (npm run build first), one scenario after the other: each restarts what
        // everything else on the machine uses too (the Docker engine among them).
        test: { name: "chaos", include: ["test/chaos/**/*.chaos.test.ts"], fileParallelism: false, testTimeout: 420_000, hookTimeout: 240_000 },
      },
    ],
  },
});
