import { describe, expect, it } from "vitest";
import { isPublicPath } from "./proxy";

describe("isPublicPath", () => {
  it.each(["/signin", "/api/health", "/api/metrics", "/api/inngest", "/api/auth/session", "/api/webhooks/github/abc", "/api/webhooks/gitea", "/api/hooks/deploy/abc"])(
    "%s needs no session",
    (path) => expect(isPublicPath(path)).toBe(true),
  );
  it.each(["/", "/settings", "/services/new", "/api/services", "/api/healthz", "/api/authx", "/signinx", "/api/webhooks/events", "/api/webhooks/statistics", "/api/webhooks/githubx"])("%s needs a session", (path) =>
    expect(isPublicPath(path)).toBe(false),
  );
});
