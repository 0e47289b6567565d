import { mkdtemp, readFile, rm, stat } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { loadLogin, parseLogin, saveLogin } from "./config";
import { effectiveConfig } from "./operator";

const token = `berth_${"x".repeat(43)}`;
let dir: string | undefined;

afterEach(async () => {
  if (dir) await rm(dir, { recursive: true, force: true });
});

describe("the CLI's login", () => {
  it("is saved for its user only, and read back", async () => {
    dir = await mkdtemp(join(tmpdir(), "berth-cli-test-"));
    const env = { XDG_CONFIG_HOME: dir };
    const path = await saveLogin({ url: "https://berth.example", token }, env);
    expect((await stat(path)).mode & 0o777).toBe(0o600);
    expect(JSON.parse(await readFile(path, "utf8"))).toEqual({ url: "https://berth.example", token });
    expect(await loadLogin(env)).toEqual({ url: "https://berth.example", token });
  });

  it("takes BERTH_URL and BERTH_TOKEN over the file", async () => {
    expect(await loadLogin({ XDG_CONFIG_HOME: "/nonexistent", BERTH_URL: "https://ci.example", BERTH_TOKEN: token })).toEqual({ url: "https://ci.example", token });
  });

  it.each([
    ["a token that is not Berth's", { url: "https://berth.example", token: "ghp_abc" }],
    ["a URL that is not http(s)", { url: "file:///etc/passwd", token }],
  ])("refuses %s", (_what, login) => {
    expect(() => parseLogin(login)).toThrow();
  });
});

describe("show-config", () => {
  it("masks secrets and the database password", () => {
    const shown = effectiveConfig({ DATABASE_URL: "postgres://berth:hunter2@db/berth", NEXTAUTH_SECRET: "s".repeat(40), GITHUB_CLIENT_SECRET: "gh", BERTH_DOMAIN: "apps.example" });
    expect(shown).toMatchObject({ DATABASE_URL: "postgres://berth:••••••@db/berth", NEXTAUTH_SECRET: "••••••", GITHUB_CLIENT_SECRET: "••••••", BERTH_DOMAIN: "apps.example" });
    expect(JSON.stringify(shown)).not.toMatch(/hunter2|ssss/);
  });
});
