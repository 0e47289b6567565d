import { NextRequest } from "next/server";
import { beforeAll, describe, expect, it } from "vitest";
import { isPublicPath, proxy } from "./proxy";

describe("isPublicPath", () => {
  it.each(["/signin", "/api/health", "/api/metrics", "/api/inngest", "/api/auth/session", "/api/webhooks/github/abc", "/api/webhooks/gitea", "/api/hooks/deploy/abc"])(
    "%s needs no session",
    (path) => expect(isPublicPath(path)).toBe(true),
  );
  it.each(["/", "/settings", "/services/new", "/api/services", "/api/healthz", "/api/authx", "/signinx", "/api/webhooks/events", "/api/webhooks/statistics", "/api/webhooks/githubx"])("%s needs a session", (path) =>
    expect(isPublicPath(path)).toBe(false),
  );
});

describe("the gate and API tokens", () => {
  // lib/server/env reads these on first use; the gate touches no database.
  beforeAll(() => {
    Object.assign(process.env, { DATABASE_URL: "postgres://localhost/unused", ENCRYPTION_KEY: "k", NEXTAUTH_SECRET: "s".repeat(32) });
  });
  const token = `berth_${"a".repeat(43)}`;
  const request = (path: string, headers: Record<string, string>, method = "GET") => new NextRequest(`http://localhost:3000${path}`, { method, headers });
  const passes = (response: Response) => response.headers.get("x-middleware-next") === "1";

  it("lets a script's token request without cookies through to the API route, which checks the token", async () => {
    expect(passes(await proxy(request("/api/services", { authorization: `Bearer ${token}` })))).toBe(true);
    expect(passes(await proxy(request("/api/services/x/deployments", { authorization: `Bearer ${token}`, origin: "https://evil.example" }, "POST")))).toBe(true);
  });

  it("does not open pages to a token, nor skip the origin check for a request with cookies", async () => {
    const page = await proxy(request("/settings", { authorization: `Bearer ${token}` }));
    expect(page.status).toBe(307);
    const withCookie = await proxy(request("/api/services/x/deployments", { authorization: `Bearer ${token}`, origin: "https://evil.example", cookie: "a=b" }, "POST"));
    expect(withCookie.status).toBe(403);
  });
});
