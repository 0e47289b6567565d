// Type-checked linting: what tsc does not catch (promises nobody awaits, promises handed to callbacks that
// ignore them, type-only imports left as value imports). Run by `npm run lint` and by the test command.
import js from "@eslint/js";
import reactHooks from "eslint-plugin-react-hooks";
import globals from "globals";
import tseslint from "typescript-eslint";

// Browser and shared code never pulls server modules into a bundle; their types are welcome.
const serverOnly = {
  patterns: [{ group: ["@/lib/server/*", "@/inngest/*", "@/app/*"], allowTypeImports: true, message: "server code: import type only" }],
};

export default tseslint.config(
  { ignores: ["lib/generated/**", ".next/**", "node_modules/**", "test-results/**", "playwright-report/**", ".data/**", "next-env.d.ts"] },
  js.configs.recommended,
  tseslint.configs.recommendedTypeChecked,
  { languageOptions: { parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname } } },
  {
    rules: {
      "@typescript-eslint/no-floating-promises": "error",
      // An async function without await is how an implementation honours a Promise-returning contract here.
      "@typescript-eslint/require-await": "off",
      "@typescript-eslint/no-misused-promises": "error",
      "@typescript-eslint/consistent-type-imports": ["error", { fixStyle: "inline-type-imports" }],
      "@typescript-eslint/no-unused-vars": ["error", { argsIgnorePattern: "^_", varsIgnorePattern: "^_", destructuredArrayIgnorePattern: "^_" }],
    },
  },
  // On the server an unobserved rejection ends the process (Node's default), so `void promise` is not
  // enough there: a fired promise says what happens when it fails.
  {
    files: ["lib/server/**", "inngest/**", "scripts/**", "app/api/**", "instrumentation.ts", "proxy.ts"],
    rules: { "@typescript-eslint/no-floating-promises": ["error", { ignoreVoid: false }] },
  },
  { files: ["**/*.tsx", "lib/client/**"], plugins: { "react-hooks": reactHooks }, rules: reactHooks.configs.recommended.rules },
  { files: ["lib/client/**", "lib/shared/**"], rules: { "@typescript-eslint/no-restricted-imports": ["error", serverOnly] } },
  // Tests read JSON answers (and next-auth's partly untyped adapter) and then assert on them: the assertion
  // is the check an `any` there would otherwise skip.
  {
    files: ["**/*.test.ts", "e2e/**", "test/**", "bench/**"],
    rules: {
      "@typescript-eslint/no-unsafe-assignment": "off",
      "@typescript-eslint/no-unsafe-member-access": "off",
      "@typescript-eslint/no-unsafe-call": "off",
      "@typescript-eslint/no-unsafe-return": "off",
      "@typescript-eslint/no-unsafe-argument": "off",
    },
  },
  { files: ["**/*.js", "**/*.mjs"], extends: [tseslint.configs.disableTypeChecked], languageOptions: { globals: globals.node } },
);
