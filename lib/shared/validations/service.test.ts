import { describe, expect, it } from "vitest";
import { createServiceSchema, serviceNameSchema, updateServiceSchema } from "./service";

describe("service names", () => {
  it.each(["web", "my-api", "a1"])("accepts %s", (name) => expect(serviceNameSchema.safeParse(name).success).toBe(true));
  it.each(["My App", "-web", "web-", "web_api", "a".repeat(64)])("rejects %j", (name) => expect(serviceNameSchema.safeParse(name).success).toBe(false));
});

describe("createServiceSchema", () => {
  const minimal = { name: "web", provider: "git", clone_url: "https://git.example.com/web.git" };

  it("fills in the documented defaults", () => {
    expect(createServiceSchema.parse(minimal)).toMatchObject({
      branch: "main",
      build: { dockerfile_path: "Dockerfile", context_dir: ".", build_args: {} },
      runtime: { container_port: 3000, health_check_path: "/", health_check_timeout_s: 60, env_vars: {} },
      target: { kind: "docker" },
    });
  });

  it("takes a Swarm target (one replica unless told) and a Portainer stack", () => {
    expect(createServiceSchema.parse({ ...minimal, target: { kind: "swarm" } }).target).toEqual({ kind: "swarm", replicas: 1 });
    expect(createServiceSchema.parse({ ...minimal, target: { kind: "portainer", stack_id: 7 } }).target).toEqual({ kind: "portainer", stack_id: 7 });
  });

  it.each([
    ["an unknown provider", { provider: "svn" }, "provider"],
    ["a port out of range", { runtime: { container_port: 70000 } }, "runtime.container_port"],
    ["a Dockerfile outside the repository", { build: { dockerfile_path: "../Dockerfile" } }, "build.dockerfile_path"],
    ["an absolute context", { build: { context_dir: "/etc" } }, "build.context_dir"],
    ["a bad env var name", { runtime: { env_vars: { "BAD NAME": "x" } } }, "runtime.env_vars.BAD NAME"],
    ["a health path without a slash", { runtime: { health_check_path: "health" } }, "runtime.health_check_path"],
    ["a build timeout of a second", { build: { build_timeout_s: 1 } }, "build.build_timeout_s"],
    ["a build timeout of a day", { build: { build_timeout_s: 86_400 } }, "build.build_timeout_s"],
    ["a memory limit below Docker's minimum", { runtime: { memory_limit_mb: 2 } }, "runtime.memory_limit_mb"],
    ["an unknown field", { colour: "blue" }, ""],
    ["an unknown deploy target", { target: { kind: "nomad" } }, "target.kind"],
    ["more replicas than a route lists", { target: { kind: "swarm", replicas: 33 } }, "target.replicas"],
    ["no replicas", { target: { kind: "swarm", replicas: 0 } }, "target.replicas"],
    ["a Portainer target without a stack", { target: { kind: "portainer" } }, "target.stack_id"],
    ["a stack id that is not a number", { target: { kind: "portainer", stack_id: "7; rm -rf /" } }, "target.stack_id"],
    ["another target's field", { target: { kind: "docker", replicas: 3 } }, "target"],
    ["a token with an ssh URL", { clone_url: "git@github.com:acme/web.git", git_auth: { type: "token", token: "t" } }, "git_auth"],
    ["a deploy key with an https URL", { git_auth: { type: "ssh_key", private_key: "-----BEGIN OPENSSH PRIVATE KEY-----\nx" } }, "git_auth"],
    ["a deploy key that is not a key", { clone_url: "git@github.com:acme/web.git", git_auth: { type: "ssh_key", private_key: "hello" } }, "git_auth.private_key"],
  ])("rejects %s and names the field", (_case, change, field) => {
    const result = createServiceSchema.safeParse({ ...minimal, ...change });
    expect(result.success).toBe(false);
    expect(result.error?.issues.map((issue) => issue.path.join("."))).toContain(field);
  });
});

describe("updateServiceSchema", () => {
  it("accepts null env var values (removal) and a null credential", () => {
    expect(updateServiceSchema.parse({ runtime: { env_vars: { OLD: null, NEW: "1" } }, git_auth: null })).toEqual({
      runtime: { env_vars: { OLD: null, NEW: "1" } },
      git_auth: null,
    });
  });
});
