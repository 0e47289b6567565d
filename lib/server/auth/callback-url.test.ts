import { describe, expect, it } from "vitest";
import { safeCallbackUrl, safeRedirect } from "./callback-url";

const BASE = "http://localhost:3000";

describe("safeCallbackUrl", () => {
  it.each([
    ["/services/abc", "/services/abc"],
    ["/settings?tab=1#top", "/settings?tab=1#top"],
    ["http://localhost:3000/deliveries?status=failed", "/deliveries?status=failed"],
    ["services/abc", "/services/abc"],
    [undefined, "/"],
    ["", "/"],
  ])("keeps %j as %j", (input, expected) => {
    expect(safeCallbackUrl(input, BASE)).toBe(expected);
  });

  it.each([
    "https://evil.example",
    "http://localhost:3001/",
    "//evil.example/path",
    "/\\evil.example",
    "\\\\evil.example",
    "/\t/evil.example",
    "/%09/evil.example".replace("%09", "\t"),
    "/\n/evil.example",
    " //evil.example",
    "javascript:alert(1)",
    "data:text/html,<script>alert(1)</script>",
    "http:evil.example",
    "https:/evil.example",
  ])("sends %j nowhere but home", (input) => {
    const kept = safeCallbackUrl(input, BASE);
    expect(new URL(kept, BASE).origin).toBe(BASE);
    expect(kept.startsWith("//")).toBe(false);
  });

  it("never answers a path the browser would read as another host", () => {
    expect(safeCallbackUrl("/.//evil.example", BASE)).toBe("/evil.example");
  });

  it("gives next-auth an absolute URL on Berth", () => {
    expect(safeRedirect("/\t/evil.example", BASE)).toBe(`${BASE}/`);
    expect(safeRedirect(`${BASE}/services`, BASE)).toBe(`${BASE}/services`);
  });
});
