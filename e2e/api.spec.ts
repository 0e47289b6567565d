import { expect, test } from "@playwright/test";
import { apiAs } from "./support/fixtures";
import { USERS } from "./support/users";

const service = (name: string) => ({ name, provider: "git", clone_url: "https://git.example.com/team/app.git" });

test("health is public and reports the embedded database", async ({ baseURL }) => {
  const anonymous = await apiAs(baseURL ?? "");
  const response = await anonymous.get("/api/health");
  expect(response.status()).toBe(200);
  expect(await response.json()).toMatchObject({ status: "ok", database: "ok", database_mode: "embedded", workflow: { mode: "embedded" } });
});

test("every services endpoint answers 401 JSON without a session", async ({ baseURL }) => {
  const anonymous = await apiAs(baseURL ?? "");
  const calls = [
    anonymous.get("/api/services"),
    anonymous.post("/api/services", { data: service("nope") }),
    anonymous.get("/api/services/abc"),
    anonymous.patch("/api/services/abc", { data: { branch: "x" } }),
    anonymous.delete("/api/services/abc"),
  ];
  for (const response of await Promise.all(calls)) {
    expect(response.status()).toBe(401);
    expect(await response.json()).toEqual({ detail: "Sign in to use this endpoint" });
  }
});

test("a member's view ends at their own services; an admin reaches everyone's", async ({ baseURL }) => {
  const other = await apiAs(baseURL ?? "", USERS.other);
  const admin = await apiAs(baseURL ?? "", USERS.admin);

  // The admin's service is invisible to a member, exactly like one that does not exist.
  const admins = (await (await admin.post("/api/services", { data: service("admins-app") })).json()) as { id: string };
  for (const response of [
    await other.get(`/api/services/${admins.id}`),
    await other.patch(`/api/services/${admins.id}`, { data: { branch: "stolen" } }),
    await other.delete(`/api/services/${admins.id}`),
  ]) {
    expect(response.status()).toBe(404);
    expect(await response.json()).toEqual({ detail: `Service ${admins.id} not found` });
  }
  expect((await other.get("/api/services?scope=all")).status()).toBe(403);

  // A member's service: the admin's own list leaves it out, everyone's names its owner, and the admin can manage it.
  const created = await other.post("/api/services", { data: service("private-app") });
  expect(created.status()).toBe(201);
  const { id } = (await created.json()) as { id: string };
  const adminList = (await (await admin.get("/api/services")).json()) as { services: { id: string }[] };
  expect(adminList.services.map((entry) => entry.id)).not.toContain(id);
  const everyone = (await (await admin.get("/api/services?scope=all")).json()) as { services: { id: string; owned_by: { email: string } | null }[] };
  expect(everyone.services.find((entry) => entry.id === id)?.owned_by).toMatchObject({ email: USERS.other.email });
  expect(await (await admin.get(`/api/services/${id}`)).json()).toMatchObject({ id, branch: "main" });

  const mine = await other.get(`/api/services/${id}`);
  expect(mine.status()).toBe(200);
  expect((await other.delete(`/api/services/${id}`)).status()).toBe(204);
  expect((await admin.delete(`/api/services/${admins.id}`)).status()).toBe(204);
});

test("bad input gets a clear error and creates nothing", async ({ baseURL }) => {
  const admin = await apiAs(baseURL ?? "", USERS.admin);

  const invalid = await admin.post("/api/services", { data: { name: "Bad Name", provider: "svn", clone_url: "ftp://x" } });
  expect(invalid.status()).toBe(422);
  const body = (await invalid.json()) as { detail: string; errors: { field: string }[] };
  expect(body.detail).toMatch(/^Invalid request: /);
  expect(body.errors.map((error) => error.field).sort()).toEqual(["clone_url", "name", "provider"]);

  const notJson = await admin.post("/api/services", { headers: { "content-type": "text/plain" }, data: "name=x" });
  expect(notJson.status()).toBe(415);

  const malformed = await admin.post("/api/services", { headers: { "content-type": "application/json" }, data: Buffer.from("{not json") });
  expect(malformed.status()).toBe(400);
  expect(await malformed.json()).toEqual({ detail: "Request body is not valid JSON" });

  const huge = await admin.post("/api/services", { data: { ...service("huge"), runtime: { env_vars: { BLOB: "x".repeat(2 * 1024 * 1024) } } } });
  expect(huge.status()).toBe(413);
  expect(await huge.json()).toEqual({ detail: "Request body is larger than 1048576 bytes" });

  const list = (await (await admin.get("/api/services")).json()) as { services: unknown[] };
  expect(list.services).toEqual([]);
});

test("secrets set through the API never come back out of it", async ({ baseURL }) => {
  const admin = await apiAs(baseURL ?? "", USERS.admin);
  const created = await admin.post("/api/services", {
    data: { ...service("secretive"), git_auth: { type: "token", token: "tok-never-shown" }, runtime: { env_vars: { PASSWORD: "pw-never-shown" } } },
  });
  expect(created.status()).toBe(201);
  const { id } = (await created.json()) as { id: string };
  for (const response of [created, await admin.get(`/api/services/${id}`), await admin.get("/api/services")]) {
    const text = await response.text();
    expect(text).not.toContain("never-shown");
  }
  expect((await admin.delete(`/api/services/${id}`)).status()).toBe(204);
});

test("the workflow endpoint is guarded by Inngest request signing, not by a session", async ({ baseURL }) => {
  const anonymous = await apiAs(baseURL ?? "");
  const response = await anonymous.get("/api/inngest");
  // The Inngest SDK's own refusal: the signing key is configured and no session is asked for.
  expect(response.status()).toBe(401);
  expect(await response.json()).toEqual({ message: "Unauthorized" });
});
