import { execFile } from "node:child_process";
import { createHmac, randomUUID } from "node:crypto";
import { mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { promisify } from "node:util";
import { expect, test } from "./support/fixtures";
import { USERS } from "./support/users";

const git = promisify(execFile);
const emulator = () => process.env.E2E_EMULATOR_URL ?? "";

async function control<T>(method: "GET" | "POST", path: string, query: Record<string, string>): Promise<T> {
  const response = await fetch(`${emulator()}/_control/${path}?${new URLSearchParams(query)}`, { method });
  return (await response.json()) as T;
}

// A real git client commits and pushes to the emulator's repository.
async function pushCommit(gitUrl: string, message: string): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), "berth-e2e-push-"));
  try {
    await git("git", ["clone", "--quiet", gitUrl, dir]);
    await writeFile(join(dir, "README.md"), `${message}\n${randomUUID()}\n`);
    await git("git", ["-C", dir, "add", "README.md"]);
    await git("git", ["-C", dir, "-c", "user.name=Ada Lovelace", "-c", "user.email=ada@example.test", "commit", "--quiet", "-m", message]);
    await git("git", ["-C", dir, "push", "--quiet", "origin", "HEAD:main"]);
    return (await git("git", ["-C", dir, "rev-parse", "HEAD"])).stdout.trim();
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

test("sign in with GitHub, connect a repository, push to it, then disconnect", async ({ page, baseURL }) => {
  const repository = `octo/app-${randomUUID().slice(0, 8)}`;
  const { git_url: gitUrl } = await control<{ git_url: string }>("POST", "repositories", { provider: "github", full_name: repository, default_branch: "main" });

  // OAuth through the emulator, in the browser.
  await page.goto("/signin");
  await page.getByRole("button", { name: "Continue with GitHub" }).click();
  await expect(page.getByRole("heading", { name: "Services", exact: true })).toBeVisible();
  await expect(page.getByText("octo@github.test")).toBeVisible();

  const picker = (await (await page.request.get(`/api/repositories?provider=github&search=${repository.split("/")[1]}`)).json()) as { repositories: { full_name: string; default_branch: string }[] };
  expect(picker.repositories).toEqual([expect.objectContaining({ full_name: repository, default_branch: "main" })]);

  const connected = await page.request.post("/api/repositories/connect", { data: { provider: "github", repository_full_name: repository } });
  expect(connected.status()).toBe(201);
  const { service, connection } = (await connected.json()) as { service: { id: string; branch: string }; connection: { id: string; webhook_status: string } };
  expect(connection.webhook_status).toBe("active");
  expect(service.branch).toBe("main");

  const hooks = await control<{ url: string; secret: string }[]>("GET", "hooks", { provider: "github", full_name: repository });
  expect(hooks).toHaveLength(1);
  expect(hooks[0]?.url).toBe(`${baseURL}/api/webhooks/github/${service.id}`);
  const reveal = (await (await page.request.get(`/api/services/${service.id}/webhook-url?provider=github`)).json()) as { secret: string };
  expect(reveal.secret).toBe(hooks[0]?.secret);

  const sha = await pushCommit(gitUrl, "First deploy");
  const events = (await (await page.request.get(`/api/webhooks/events?service_id=${service.id}`)).json()) as { deliveries: { status: string; commit_sha: string; signature_valid: boolean }[] };
  expect(events.deliveries).toEqual([expect.objectContaining({ status: "queued", commit_sha: sha, signature_valid: true })]);

  const disconnected = await page.request.delete(`/api/repositories/connections/${connection.id}?delete_webhook=true`);
  expect(await disconnected.json()).toMatchObject({ success: true, webhook_deleted: true });
  expect(await control<unknown[]>("GET", "hooks", { provider: "github", full_name: repository })).toEqual([]);

  await pushCommit(gitUrl, "After disconnect");
  const after = (await (await page.request.get(`/api/webhooks/events?service_id=${service.id}`)).json()) as { total: number };
  expect(after.total).toBe(1);
  const body = JSON.stringify({ ref: "refs/heads/main", after: sha, repository: { full_name: repository } });
  const late = await page.request.post(`/api/webhooks/github/${service.id}`, {
    headers: { "content-type": "application/json", "x-github-event": "push", "x-hub-signature-256": `sha256=${createHmac("sha256", reveal.secret).update(body).digest("hex")}` },
    data: Buffer.from(body),
  });
  expect(late.status()).toBe(401);

  // Nothing above ever showed the secret but the owner's reveal: not other answers, not the server's log.
  for (const response of [connected, disconnected]) expect(await response.text()).not.toContain(reveal.secret);
  expect(await readFile(process.env.E2E_SERVER_LOG ?? "", "utf8")).not.toContain(reveal.secret);
});

for (const [provider, name, email] of [
  ["gitlab", "GitLab", "tanuki@gitlab.test"],
  ["bitbucket", "Bitbucket", "bb@bitbucket.test"],
  ["gitea", "Gitea", "tea@gitea.test"],
] as const) {
  test(`sign in with ${name}, connect; a real push arrives in ${name}'s format and a test delivery is answered`, async ({ page }) => {
    const repository = `team/app-${randomUUID().slice(0, 8)}`;
    const { git_url: gitUrl } = await control<{ git_url: string }>("POST", "repositories", { provider, full_name: repository, default_branch: "main" });
    await page.goto("/signin");
    await page.getByRole("button", { name: `Continue with ${name}` }).click();
    await expect(page.getByText(email)).toBeVisible();

    const connected = await page.request.post("/api/repositories/connect", { data: { provider, repository_full_name: repository } });
    expect(connected.status()).toBe(201);
    const { service, connection } = (await connected.json()) as { service: { id: string }; connection: { webhook_status: string } };
    expect(connection.webhook_status).toBe("active");

    const sha = await pushCommit(gitUrl, `Deploy via ${name}`);
    const events = (await (await page.request.get(`/api/webhooks/events?service_id=${service.id}`)).json()) as { deliveries: { provider: string; status: string; commit_sha: string }[] };
    expect(events.deliveries).toEqual([expect.objectContaining({ provider, status: "queued", commit_sha: sha })]);

    // "Send test delivery": signed with the same secret, through the real receiver, deploying nothing.
    const tested = await page.request.post(`/api/services/${service.id}/webhook/test`);
    expect(await tested.json()).toMatchObject({ provider, status: 200, ok: true, body: { status: provider === "gitlab" ? "received" : "pong" } });
    const audit = (await (await page.request.get(`/api/webhooks/events?service_id=${service.id}`)).json()) as { total: number; deliveries: { status: string }[] };
    expect(audit.total).toBe(2);
    expect(audit.deliveries[0]?.status).toBe(provider === "gitlab" ? "received" : "processed");
  });
}

test("the local admin links a GitHub account from the settings page", async ({ page }) => {
  await control("POST", "next-login", { provider: "github", login: `admin-${randomUUID().slice(0, 6)}` });
  await page.goto("/signin");
  await page.getByLabel("Email").fill(USERS.admin.email);
  await page.getByLabel("Password").fill(USERS.admin.password);
  await page.getByRole("button", { name: "Sign in" }).click();
  await page.getByRole("link", { name: "Settings" }).click();
  await expect(page.getByText("Enabled (local account)")).toBeVisible();
  await page.getByRole("button", { name: "Link GitHub" }).click();

  await expect(page.getByRole("heading", { name: "Settings" })).toBeVisible();
  await expect(page.getByText(/Linked .* scopes: .*admin:repo_hook/)).toBeVisible();
  await expect(page.getByRole("button", { name: "Link GitHub" })).toHaveCount(0);
  await expect(page.getByRole("button", { name: "Link GitLab" })).toBeVisible();
  // Still the same Berth user, now with GitHub linked.
  await expect(page.getByRole("navigation", { name: "Main" }).getByText(USERS.admin.email)).toBeVisible();

  const picker = await page.request.get("/api/repositories?provider=github");
  expect(picker.status()).toBe(200);
});
