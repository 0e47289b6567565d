// Attacks on a running Berth from a browser or the network, against the production server.
import { randomUUID } from "node:crypto";
import { createServer, request as httpRequest } from "node:http";
import type { AddressInfo } from "node:net";
import { apiAs, expect, signInThroughForm, test } from "./support/fixtures";
import { E2E_ORG, USERS } from "./support/users";

async function control(path: string, query: Record<string, string>) {
  await fetch(`${process.env.E2E_EMULATOR_URL ?? ""}/_control/${path}?${new URLSearchParams(query)}`, { method: "POST" });
}

test.describe("signing in with GitHub", () => {
  test("an account nobody listed is turned away with the reason; a member of the allowed organization gets in", async ({ page }) => {
    const stranger = `stranger-${randomUUID().slice(0, 6)}`;
    await control("next-login", { provider: "github", login: stranger });
    await page.goto("/signin");
    await page.getByRole("button", { name: "Continue with GitHub" }).click();
    await expect(page.getByRole("alert").filter({ hasText: "may not sign in" })).toHaveText(
      `GitHub account ${stranger} may not sign in to this Berth. Ask its operator to add it to BERTH_ALLOWED_USERS, or your organization to BERTH_ALLOWED_ORGS.`,
    );
    await page.goto("/");
    await expect(page).toHaveURL(/\/signin/);

    const member = `member-${randomUUID().slice(0, 6)}`;
    await control("org-members", { provider: "github", org: E2E_ORG, login: member });
    await control("next-login", { provider: "github", login: member });
    await page.getByRole("button", { name: "Continue with GitHub" }).click();
    await expect(page.getByRole("heading", { name: "Services", exact: true })).toBeVisible();
    const session = (await (await page.request.get("/api/auth/session")).json()) as { user?: { email?: string } };
    expect(session.user?.email).toBe(`${member}@github.test`);
  });
});

test.describe("requests from another site", () => {
  // The browser logs the refusals it receives on the attacking page.
  test.use({ expectedHttpErrors: [403] });

  test("cannot change anything, riding the session or not; the same request from Berth itself can", async ({ page, baseURL }) => {
    await signInThroughForm(page, USERS.admin);
    const created = await page.request.post("/api/services", { data: { name: `target-${randomUUID().slice(0, 6)}`, provider: "github", clone_url: "https://github.com/acme/target.git" } });
    const { id } = (await created.json()) as { id: string };
    const secret = async () => ((await (await page.request.get(`/api/services/${id}/webhook-url?provider=github`)).json()) as { secret: string }).secret;
    const before = await secret();
    const { connection } = (await (await page.request.get(`/api/services/${id}`)).json()) as { connection: { id: string } };
    const rotate = `${baseURL}/api/repositories/connections/${connection.id}/rotate-secret`;

    // Over the API: an Origin that is not Berth's, or a browser's own cross-site mark.
    const foreignHeaders: Record<string, string>[] = [{ origin: "https://evil.example" }, { origin: "http://localhost:3100" }, { origin: "null" }, { "sec-fetch-site": "cross-site" }];
    for (const headers of foreignHeaders) {
      const refused = await page.request.delete(`/api/services/${id}`, { headers });
      expect(refused.status()).toBe(403);
      expect(((await refused.json()) as { detail: string }).detail).toMatch(/^Cross-site request refused/);
    }

    // In the browser: a page on this very host at another port (where a tenant app could be), whose
    // requests the browser counts as same-site and sends the session cookie with.
    const attacker = createServer((_request, response) => response.writeHead(200, { "content-type": "text/html" }).end("<!doctype html><title>attack</title>"));
    await new Promise<void>((resolve) => attacker.listen(0, "127.0.0.1", resolve));
    try {
      await page.goto(`http://127.0.0.1:${(attacker.address() as AddressInfo).port}/`);
      const sent = await page.evaluate(async (target) => {
        await fetch(target, { method: "POST", mode: "no-cors", credentials: "include" });
        return true;
      }, rotate);
      expect(sent).toBe(true);
    } finally {
      attacker.close();
    }
    expect(await secret()).toBe(before);

    // From Berth's own page it works.
    await page.goto("/");
    expect(await page.evaluate(async (target) => (await fetch(target, { method: "POST" })).status, rotate)).toBe(200);
    expect(await secret()).not.toBe(before);
    expect((await page.request.delete(`/api/services/${id}`)).status()).toBe(204);
  });
});

test.describe("after signing in", () => {
  for (const callbackUrl of ["/%09/evil.example", "//evil.example", "/%5Cevil.example", "https://evil.example/", "/\\evil.example"]) {
    test(`the browser stays on Berth for callbackUrl=${callbackUrl}`, async ({ page, baseURL }) => {
      await page.goto(`/signin?callbackUrl=${callbackUrl}`);
      await page.getByLabel("Email").fill(USERS.other.email);
      await page.getByLabel("Password").fill(USERS.other.password);
      await page.getByRole("button", { name: "Sign in" }).click();
      await expect(page.getByRole("heading", { name: "Services", exact: true })).toBeVisible();
      expect(new URL(page.url()).origin).toBe(new URL(baseURL ?? "").origin);
    });
  }
});

test("a form with a password or credentials cannot be sent before the page's scripts run, so none ends up in a URL", async ({ browser, baseURL }) => {
  // As a browser that has not run Berth's scripts yet (slow network, a click during hydration).
  const context = await browser.newContext({ baseURL, javaScriptEnabled: false });
  const page = await context.newPage();
  const requested: string[] = [];
  page.on("request", (request) => requested.push(request.url()));
  await page.goto("/signin");
  await page.getByLabel("Email").fill(USERS.other.email);
  await page.getByLabel("Password").fill(USERS.other.password);
  await expect(page.getByRole("button", { name: "Sign in" })).toBeDisabled();
  await page.getByLabel("Password").press("Enter");
  await expect(page.locator("form").first()).toHaveAttribute("method", "post");
  expect(requested.filter((url) => url.includes(encodeURIComponent(USERS.other.password).replace(/%20/g, "+")) || url.includes("password="))).toEqual([]);
  await context.close();
});

test("50 wrong passwords: refused 429 with Retry-After from the eleventh on, whatever address headers say", async ({ baseURL }) => {
  const client = await apiAs(baseURL ?? "");
  const { csrfToken } = (await (await client.get("/api/auth/csrf")).json()) as { csrfToken: string };
  const email = `guess-${randomUUID().slice(0, 6)}@e2e.test`;
  const statuses: number[] = [];
  let retryAfter: string | undefined;
  for (let attempt = 0; attempt < 50; attempt++) {
    // A client may claim any address; Berth takes the socket's.
    const forged = `198.51.100.${attempt}`;
    const response = await client.post("/api/auth/callback/local", {
      form: { csrfToken, email, password: `guess ${attempt}`, json: "true" },
      headers: { "x-forwarded-for": forged, "x-berth-client-address": forged },
    });
    statuses.push(response.status());
    retryAfter ??= response.headers()["retry-after"];
  }
  expect(statuses.slice(0, 10).filter((status) => status === 429)).toEqual([]);
  expect(statuses.slice(10).every((status) => status === 429)).toBe(true);
  expect(Number(retryAfter)).toBeGreaterThan(0);
});

test("a delivery's address is the socket's, not one its sender wrote", async ({ baseURL }) => {
  const admin = await apiAs(baseURL ?? "", USERS.admin);
  const { id } = (await (await admin.post("/api/services", { data: { name: `addr-${randomUUID().slice(0, 6)}`, provider: "github", clone_url: "https://github.com/acme/addr.git" } })).json()) as { id: string };
  await admin.get(`/api/services/${id}/webhook-url?provider=github`);
  const anonymous = await apiAs(baseURL ?? "");
  const refused = await anonymous.post(`/api/webhooks/github/${id}`, {
    headers: { "content-type": "application/json", "x-github-event": "ping", "x-hub-signature-256": "sha256=00", "x-forwarded-for": "198.51.100.7", "x-berth-client-address": "203.0.113.9" },
    data: "{}",
  });
  expect(refused.status()).toBe(401);
  const { deliveries } = (await (await admin.get(`/api/webhooks/events?service_id=${id}`)).json()) as { deliveries: { id: string }[] };
  const stored = (await (await admin.get(`/api/webhooks/deliveries/${deliveries[0]?.id}`)).json()) as { headers: Record<string, string> };
  expect(stored.headers["x-berth-client-address"]).toBe("127.0.0.1");
  expect((await admin.delete(`/api/services/${id}`)).status()).toBe(204);
});

test("25 MB for a receiver that does not exist are answered before they are sent", async ({ baseURL }) => {
  const target = new URL("/api/webhooks/github/cm0nosuchservice0000000000", baseURL);
  const status = await new Promise<number>((resolve, reject) => {
    const request = httpRequest(target, { method: "POST", headers: { "content-type": "application/json", "x-github-event": "push", "x-hub-signature-256": "sha256=00", "content-length": String(25 * 1024 * 1024) } });
    request.on("response", (response) => {
      resolve(response.statusCode ?? 0);
      response.resume();
      request.destroy();
    });
    request.on("error", (error) => (request.destroyed ? undefined : reject(error)));
    // Only the first 64 KB are ever sent: the answer must not wait for the rest.
    request.write(Buffer.alloc(64 * 1024, 0x20));
    setTimeout(() => reject(new Error("no answer while the body was still coming")), 10_000).unref();
  });
  expect(status).toBe(404);
});

test("the workflow endpoint never registers this Berth anywhere out of band", async ({ baseURL }) => {
  const anonymous = await apiAs(baseURL ?? "");
  const sync = await anonymous.put("/api/inngest");
  expect(sync.status()).toBe(403);
  expect(((await sync.json()) as { detail: string }).detail).toMatch(/in-band only/);
});

test("an admin switches to everyone's services, each naming its owner; a member is offered no such switch", async ({ page, baseURL }) => {
  const member = await apiAs(baseURL ?? "", USERS.other);
  const name = `members-${randomUUID().slice(0, 6)}`;
  const { id } = (await (await member.post("/api/services", { data: { name, provider: "git", clone_url: "https://git.example.com/acme/members.git" } })).json()) as { id: string };
  try {
    await signInThroughForm(page, USERS.admin);
    await expect(page.getByRole("link", { name })).toHaveCount(0);
    await page.getByRole("button", { name: "Everyone's" }).click();
    const row = page.getByRole("listitem").filter({ hasText: name });
    await expect(row).toContainText(`owned by ${USERS.other.email}`);
    await page.goto("/deliveries");
    await expect(page.getByRole("group", { name: "Whose deliveries" })).toBeVisible();

    await page.context().clearCookies();
    await signInThroughForm(page, USERS.other);
    await expect(page.getByRole("link", { name })).toBeVisible();
    await expect(page.getByRole("group", { name: "Whose services" })).toHaveCount(0);
  } finally {
    await member.delete(`/api/services/${id}`);
  }
});
