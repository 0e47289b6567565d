#!/usr/bin/env node
// The berth command: the TypeScript CLI (lib/cli/main.ts) run through tsx, with Berth's own tsconfig
// (its @/ paths) wherever it is called from.
import { register } from "tsx/esm/api";

register({ tsconfig: new URL("../tsconfig.json", import.meta.url).pathname });
await import("../lib/cli/main.ts");
