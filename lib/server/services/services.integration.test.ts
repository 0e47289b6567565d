import { describe, expect, it } from "vitest";
import { ApiError } from "@/lib/server/api-error";
import { db } from "@/lib/server/db";
import { createServiceSchema, updateServiceSchema } from "@/lib/shared/validations/service";
import { createTestUser } from "@/test/support/users";
import { createService } from "./create-service";
import { deleteService } from "./delete-service";
import { getServiceDetail } from "@/lib/server/connections/get-service-detail";
import { listServices } from "./list-services";
import { updateService } from "./update-service";

const input = (overrides: Record<string, unknown> = {}) =>
  createServiceSchema.parse({
    name: "web",
    provider: "github",
    clone_url: "https://github.com/acme/web.git",
    runtime: { env_vars: { DATABASE_URL: "postgres://app:hunter2@db/app" } },
    ...overrides,
  });

async function rawService(id: string) {
  return db.service.findUniqueOrThrow({ where: { id }, omit: { envVarsEncrypted: false, gitAuthEncrypted: false } });
}

async function expectApiError(promise: Promise<unknown>, code: string, message: RegExp) {
  const error = await promise.then(
    () => undefined,
    (caught: unknown) => caught,
  );
  expect(error).toBeInstanceOf(ApiError);
  expect((error as ApiError).code).toBe(code);
  expect((error as ApiError).message).toMatch(message);
}

describe("services", () => {
  it("creates a service with defaults, derived repository name and only env var names in the response", async () => {
    const user = await createTestUser();
    const service = await createService(user.id, input());
    expect(service).toMatchObject({
      name: "web",
      provider: "github",
      repository_full_name: "acme/web",
      branch: "main",
      status: "created",
      git_auth: null,
      build: { dockerfile_path: "Dockerfile", context_dir: ".", build_args: {} },
      runtime: { container_port: 3000, health_check_path: "/", health_check_timeout_s: 60, env_var_names: ["DATABASE_URL"] },
    });
    expect(JSON.stringify(service)).not.toContain("hunter2");
    expect(await listServices(user)).toEqual([{ ...service, live_deployment: null, last_deployed_at: null, webhook: null, owned_by: null }]);
  });

  it("stores env vars and git credentials encrypted", async () => {
    const user = await createTestUser();
    const service = await createService(user.id, input({ git_auth: { type: "token", token: "glpat-supersecret" } }));
    const row = await rawService(service.id);
    expect(row.envVarsEncrypted).toMatch(/^v2\./);
    expect(row.envVarsEncrypted).not.toContain("hunter2");
    expect(row.gitAuthEncrypted).toMatch(/^v2\./);
    expect(row.gitAuthEncrypted).not.toContain("supersecret");
    expect(service.git_auth).toEqual({ type: "token" });
  });

  it("keeps one user's services invisible to another: 404, exactly like a missing id", async () => {
    const owner = await createTestUser();
    const stranger = await createTestUser();
    const service = await createService(owner.id, input());

    expect(await listServices(stranger)).toEqual([]);
    await expectApiError(getServiceDetail(stranger, service.id), "not_found", new RegExp(`Service ${service.id} not found`));
    await expectApiError(updateService(stranger, service.id, { branch: "evil" }), "not_found", /not found/);
    await expectApiError(deleteService(stranger, service.id), "not_found", /not found/);
    await expectApiError(getServiceDetail(owner, "no-such-id"), "not_found", /Service no-such-id not found/);
    expect((await getServiceDetail(owner, service.id)).branch).toBe("main");
  });

  it("refuses a second service of the same name for one user, and suffixes the host name across users", async () => {
    const first = await createTestUser();
    const second = await createTestUser();
    const name = `api-${Date.now().toString(36)}`;
    const mine = await createService(first.id, input({ name }));
    await expectApiError(createService(first.id, input({ name })), "conflict", new RegExp(`A service named '${name}' already exists`));

    const theirs = await createService(second.id, input({ name }));
    expect(mine.slug).toBe(name);
    expect(theirs.name).toBe(name);
    expect(theirs.slug).toMatch(new RegExp(`^${name}-[0-9a-f]{6}$`));
  });

  it("updates settings, sets and removes env vars without echoing values", async () => {
    const user = await createTestUser();
    const service = await createService(user.id, input({ runtime: { env_vars: { KEEP: "1", DROP: "2" } } }));
    const patch = updateServiceSchema.parse({
      branch: "release/1.0",
      build: { build_args: { NODE_ENV: "production" } },
      runtime: { container_port: 8080, env_vars: { DROP: null, ADDED: "3" } },
    });
    const updated = await updateService(user, service.id, patch);
    expect(updated).toMatchObject({
      branch: "release/1.0",
      build: { build_args: { NODE_ENV: "production" }, dockerfile_path: "Dockerfile" },
      runtime: { container_port: 8080, env_var_names: ["ADDED", "KEEP"] },
    });
    const { openEnvVars } = await import("./service-secrets");
    expect(openEnvVars((await rawService(service.id)).envVarsEncrypted, service.id)).toEqual({ KEEP: "1", ADDED: "3" });
  });

  it("refuses a credential that does not fit the clone URL, checking the stored URL too", async () => {
    const user = await createTestUser();
    const service = await createService(user.id, input());
    await expectApiError(
      updateService(user, service.id, { git_auth: { type: "ssh_key", private_key: "-----BEGIN OPENSSH PRIVATE KEY-----\nx" } }),
      "unprocessable",
      /SSH deploy key needs an ssh/,
    );
    const withToken = await updateService(user, service.id, { git_auth: { type: "token", token: "t0ken" } });
    expect(withToken.git_auth).toEqual({ type: "token" });
    await expectApiError(updateService(user, service.id, { clone_url: "git@github.com:acme/web.git" }), "unprocessable", /access token needs an https/);
    const cleared = await updateService(user, service.id, { git_auth: null });
    expect(cleared.git_auth).toBeNull();
    expect((await rawService(service.id)).gitAuthEncrypted).toBeNull();
  });

  it("deletes a service", async () => {
    const user = await createTestUser();
    const service = await createService(user.id, input());
    await deleteService(user, service.id);
    expect(await listServices(user)).toEqual([]);
    await expectApiError(getServiceDetail(user, service.id), "not_found", /not found/);
  });

  it("lets a member reach only their own services, and an admin everyone's, saying whose", async () => {
    const admin = await db.user.update({ where: { id: (await createTestUser()).id }, data: { role: "admin" } });
    const member = await createTestUser();
    const other = await createTestUser();
    const mine = await createService(member.id, input({ name: "members-app" }));
    const admins = await createService(admin.id, input({ name: "admins-app" }));

    for (const attempt of [() => getServiceDetail(other, mine.id), () => updateService(other, mine.id, { branch: "stolen" }), () => deleteService(other, mine.id), () => getServiceDetail(member, admins.id)]) {
      await expectApiError(attempt(), "not_found", /not found/);
    }
    expect((await listServices(other)).map((service) => service.id)).toEqual([]);

    expect((await listServices(admin)).map((service) => service.id)).toEqual([admins.id]);
    await expectApiError(listServices(member, "all"), "forbidden", /Only an admin/);
    const seen = await listServices(admin, "all");
    expect(seen.find((service) => service.id === mine.id)?.owned_by).toEqual({ email: member.email, name: member.name });
    expect(seen.find((service) => service.id === admins.id)?.owned_by).toBeNull();
    expect((await updateService(admin, mine.id, { branch: "release" })).branch).toBe("release");
    await deleteService(admin, mine.id);
    expect(await listServices(member)).toEqual([]);
  });
});

