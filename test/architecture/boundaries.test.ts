// The layout's promises, checked on every run: browser code never pulls server code into a bundle, lib/
// never reaches up into the app, shared code stays pure, and the server's folders import one way only.
import { readdirSync, readFileSync } from "node:fs";
import { dirname, join, relative } from "node:path";
import { fileURLToPath } from "node:url";
import ts from "typescript";
import { describe, expect, it } from "vitest";

const root = join(dirname(fileURLToPath(import.meta.url)), "../..");
const SOURCE = /\.tsx?$/;
const SKIPPED = new Set(["node_modules", ".next", ".git", "generated", "test-results", ".data"]);

function sourceFiles(dir: string): string[] {
  return readdirSync(join(root, dir), { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return SKIPPED.has(entry.name) ? [] : sourceFiles(path);
    return SOURCE.test(entry.name) && !entry.name.endsWith(".d.ts") ? [path] : [];
  });
}

const isTest = (file: string) => /\.test\.tsx?$/.test(file) || file.startsWith("test/") || file.startsWith("e2e/");
const files = ["app", "components", "lib", "inngest"].flatMap(sourceFiles).filter((file) => !isTest(file));

type Import = { specifier: string; typeOnly: boolean };

function importsOf(file: string): Import[] {
  const source = ts.createSourceFile(file, readFileSync(join(root, file), "utf8"), ts.ScriptTarget.Latest, false);
  const found: Import[] = [];
  for (const statement of source.statements) {
    if (ts.isImportDeclaration(statement) && ts.isStringLiteral(statement.moduleSpecifier)) {
      const clause = statement.importClause;
      const named = clause?.namedBindings && ts.isNamedImports(clause.namedBindings) ? clause.namedBindings.elements : undefined;
      const typeOnly = Boolean(clause && (clause.isTypeOnly || (!clause.name && named && named.length > 0 && named.every((element) => element.isTypeOnly))));
      found.push({ specifier: statement.moduleSpecifier.text, typeOnly });
    } else if (ts.isExportDeclaration(statement) && statement.moduleSpecifier && ts.isStringLiteral(statement.moduleSpecifier)) {
      found.push({ specifier: statement.moduleSpecifier.text, typeOnly: statement.isTypeOnly });
    }
  }
  return found;
}

// A project file as a path from the root without extension ("lib/server/db"), or null for a package.
function resolve(from: string, specifier: string): string | null {
  if (specifier.startsWith("@/")) return specifier.slice(2);
  if (specifier.startsWith(".")) return join(dirname(from), specifier);
  return null;
}

const withoutExtension = (file: string) => file.replace(SOURCE, "").replace(/\/index$/, "");
const byModule = new Map(files.map((file) => [withoutExtension(file), file]));
const valueImports = (file: string) => importsOf(file).filter((entry) => !entry.typeOnly);

function isClientEntry(file: string): boolean {
  if (file.startsWith("lib/client/") || file.startsWith("lib/shared/")) return true;
  return /^\s*["']use client["']/.test(readFileSync(join(root, file), "utf8"));
}

// Where a browser bundle must never go.
function serverOnlyTarget(specifier: string, target: string | null): boolean {
  if (specifier === "server-only" || specifier.startsWith("node:")) return true;
  if (!target) return false;
  return target.startsWith("lib/server/") || target.startsWith("inngest") || target.startsWith("app/api/") || target === "proxy";
}

describe("import boundaries", () => {
  it("keeps server modules out of everything the browser loads (import type is fine)", () => {
    const problems: string[] = [];
    const seen = new Set<string>();
    const visit = (file: string, trail: string[]) => {
      if (seen.has(file)) return;
      seen.add(file);
      for (const { specifier } of valueImports(file)) {
        const target = resolve(file, specifier);
        if (serverOnlyTarget(specifier, target)) problems.push(`${[...trail, file].join(" → ")} imports ${specifier}`);
        const next = target && byModule.get(target);
        if (next) visit(next, [...trail, file]);
      }
    };
    for (const file of files.filter(isClientEntry)) visit(file, []);
    expect(seen.size).toBeGreaterThan(30);
    expect(problems).toEqual([]);
  });

  it("keeps lib/ from importing the app or its components", () => {
    const upward = files
      .filter((file) => file.startsWith("lib/"))
      .flatMap((file) => importsOf(file).map(({ specifier }) => ({ file, target: resolve(file, specifier) })))
      .filter(({ target }) => target?.startsWith("app/") || target?.startsWith("components/"));
    expect(upward).toEqual([]);
  });

  it("keeps lib/shared pure: only shared code, Prisma's enums and packages", () => {
    const impure = files
      .filter((file) => file.startsWith("lib/shared/"))
      .flatMap((file) => valueImports(file).map(({ specifier }) => ({ file, specifier, target: resolve(file, specifier) })))
      .filter(({ specifier, target }) => specifier.startsWith("node:") || (target && !target.startsWith("lib/shared/") && target !== "lib/generated/prisma/enums"));
    expect(impure).toEqual([]);
  });

  it("keeps the server's folders free of import cycles", () => {
    const folderOf = (file: string) => file.split("/").slice(0, 3).join("/");
    const edges = new Map<string, Set<string>>();
    for (const file of files.filter((candidate) => candidate.startsWith("lib/server/") && candidate.split("/").length > 3)) {
      for (const { specifier } of importsOf(file)) {
        const target = resolve(file, specifier);
        if (!target?.startsWith("lib/server/") || target.split("/").length < 4) continue;
        const [from, to] = [folderOf(file), folderOf(target)];
        if (from !== to) edges.set(from, (edges.get(from) ?? new Set()).add(to));
      }
    }
    const cycles: string[] = [];
    const state = new Map<string, "visiting" | "done">();
    const walk = (folder: string, path: string[]) => {
      if (state.get(folder) === "done") return;
      if (state.get(folder) === "visiting") {
        cycles.push([...path.slice(path.indexOf(folder)), folder].map((entry) => relative("lib/server", entry)).join(" → "));
        return;
      }
      state.set(folder, "visiting");
      for (const next of edges.get(folder) ?? []) walk(next, [...path, folder]);
      state.set(folder, "done");
    };
    for (const folder of edges.keys()) walk(folder, []);
    expect(edges.size).toBeGreaterThan(10);
    expect(cycles).toEqual([]);
  });
});
