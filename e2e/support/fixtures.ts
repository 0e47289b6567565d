import { expect, request, test as base, type APIRequestContext, type Page } from "@playwright/test";
import { type USERS } from "./users";

type User = (typeof USERS)[keyof typeof USERS];

// Any console error in the page fails the test that caused it. Chromium logs every 4xx answer as one;
// a test that provokes some on purpose (a refused password, invalid input) lists their statuses.
// ERR_NETWORK_CHANGED is this machine, not the page: the browser shares the host with the Docker engine,
// whose new container interfaces make Chromium abort whatever request is in flight (the event stream
// reconnects, queries retry; a failed action would still fail its test).
const HOST_NETWORK_NOISE = "net::ERR_NETWORK_CHANGED";
export const test = base.extend<{ expectedHttpErrors: number[]; consoleErrors: string[] }>({
  expectedHttpErrors: [[], { option: true }],
  consoleErrors: [
    async ({ page, expectedHttpErrors }, use) => {
      const errors: string[] = [];
      const expected = expectedHttpErrors.map((status) => `the server responded with a status of ${status} `);
      page.on("console", (message) => {
        if (message.type() !== "error") return;
        if (expected.some((text) => message.text().includes(text)) || message.text().includes(HOST_NETWORK_NOISE)) return;
        errors.push(message.text());
      });
      page.on("pageerror", (error) => errors.push(error.message));
      await use(errors);
      expect(errors, "console errors in the page").toEqual([]);
    },
    { auto: true },
  ],
});

export { expect };

export async function signInThroughForm(page: Page, user: User) {
  await page.goto("/signin");
  await page.getByLabel("Email").fill(user.email);
  await page.getByLabel("Password").fill(user.password);
  await page.getByRole("button", { name: "Sign in" }).click();
  await expect(page.getByRole("heading", { name: "Services", exact: true })).toBeVisible();
}

// An API client holding a session, signed in through next-auth's own credentials endpoint.
export async function apiAs(baseURL: string, user?: User): Promise<APIRequestContext> {
  const context = await request.newContext({ baseURL });
  if (!user) return context;
  const { csrfToken } = (await (await context.get("/api/auth/csrf")).json()) as { csrfToken: string };
  const response = await context.post("/api/auth/callback/local", {
    form: { csrfToken, email: user.email, password: user.password, json: "true" },
  });
  expect(response.ok()).toBe(true);
  const session = (await (await context.get("/api/auth/session")).json()) as { user?: { email?: string } };
  expect(session.user?.email).toBe(user.email);
  return context;
}

// A named full-page screenshot in the test's output directory, for the steps a reviewer wants to see.
export async function snap(page: Page, name: string) {
  await page.screenshot({ path: test.info().outputPath(`${name}.png`), fullPage: true });
}
