import { mkdir, mkdtemp, rm, symlink, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { resolveBuildPaths } from "./resolve-build-paths";

let clone: string;
let outside: string;

beforeAll(async () => {
  outside = await mkdtemp(join(tmpdir(), "berth-outside-"));
  await writeFile(join(outside, "Dockerfile"), "FROM host-secret\n");
  clone = await mkdtemp(join(tmpdir(), "berth-clone-"));
  await mkdir(join(clone, "app", "web"), { recursive: true });
  await writeFile(join(clone, "Dockerfile"), "FROM scratch\n");
  await writeFile(join(clone, "app", "web", "Dockerfile"), "FROM scratch\n");
  await symlink("app/web", join(clone, "current"));
  await symlink("web/Dockerfile", join(clone, "app", "Dockerfile.link"));
  await symlink("/", join(clone, "root"));
  await symlink(outside, join(clone, "host-dir"));
  await symlink(join(outside, "Dockerfile"), join(clone, "Dockerfile.host"));
  await symlink("../..", join(clone, "app", "up"));
  await symlink("/no/such/host/path", join(clone, "dangling"));
  await symlink("loop-b", join(clone, "loop-a"));
  await symlink("loop-a", join(clone, "loop-b"));
});

afterAll(async () => {
  await rm(clone, { recursive: true, force: true });
  await rm(outside, { recursive: true, force: true });
});

const resolve = (contextDir: string, dockerfilePath: string) => resolveBuildPaths(clone, { contextDir, dockerfilePath }, "abc1234");

describe("build paths inside the clone", () => {
  it("resolves plain paths and symlinks that stay inside the repository", async () => {
    await expect(resolve(".", "Dockerfile")).resolves.toMatchObject({ dockerfile: "Dockerfile" });
    const viaLink = await resolve("current", "app/Dockerfile.link");
    expect(viaLink.contextDir.endsWith(join("app", "web"))).toBe(true);
    expect(viaLink.dockerfile).toBe("Dockerfile");
  });

  it.each([
    ["a context through a symlink to /", "root/etc", "Dockerfile", "context_dir"],
    ["a context through a symlink to a host directory", "host-dir", "Dockerfile", "context_dir"],
    ["a context climbing out through a relative symlink", "app/up", "Dockerfile", "context_dir"],
    ["a Dockerfile that is a symlink to a host file", ".", "Dockerfile.host", "dockerfile_path"],
    ["a Dockerfile reached through a symlinked directory", ".", "host-dir/Dockerfile", "dockerfile_path"],
  ])("refuses %s, naming the field", async (_case, contextDir, dockerfilePath, field) => {
    const attempt = resolve(contextDir, dockerfilePath);
    await expect(attempt).rejects.toThrow(new RegExp(`^${field} \\(.*\\) leads outside the repository`));
    await expect(attempt).rejects.not.toThrow(/host-secret|berth-outside/);
  });

  it("says the same of a symlink to a host path that exists and one that does not", async () => {
    const message = (contextDir: string) => resolve(contextDir, "Dockerfile").then(() => "resolved", (error: Error) => error.message);
    const existing = await message("root/etc");
    expect(existing).toMatch(/leads outside the repository/);
    expect((await message("dangling")).replace("dangling", "root/etc")).toBe(existing);
  });

  it("refuses symlink loops and reports missing paths inside the clone as missing", async () => {
    await expect(resolve("loop-a", "Dockerfile")).rejects.toThrow(/leads outside the repository/);
    await expect(resolve("nope", "Dockerfile")).rejects.toThrow("context_dir (nope) does not exist in abc1234");
    await expect(resolve(".", "docker/Dockerfile")).rejects.toThrow("No Dockerfile at docker/Dockerfile in abc1234");
  });

  it("keeps the Dockerfile inside the build context", async () => {
    await expect(resolve("app", "Dockerfile")).rejects.toThrow("The Dockerfile (Dockerfile) must be inside the build context (app)");
  });
});
