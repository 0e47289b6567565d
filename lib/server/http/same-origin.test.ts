import { describe, expect, it } from "vitest";
import { crossSiteReason } from "./same-origin";

const OWN = "http://localhost:3000";
const request = (method: string, headers: Record<string, string>) => new Request(`${OWN}/api/services/x`, { method, headers });

describe("crossSiteReason", () => {
  it.each([
    ["a same-origin POST", "POST", { origin: OWN }],
    ["a same-origin DELETE marked by Fetch Metadata", "DELETE", { "sec-fetch-site": "same-origin" }],
    ["a request typed into the address bar", "POST", { "sec-fetch-site": "none" }],
    ["a client that is no browser (curl, CI)", "DELETE", {}],
    ["any GET, whatever its origin", "GET", { origin: "https://evil.example", "sec-fetch-site": "cross-site" }],
  ])("lets %s through", (_case, method, headers) => {
    expect(crossSiteReason(request(method, headers), OWN)).toBeNull();
  });

  it.each([
    ["a cross-site POST", "POST", { origin: "https://evil.example" }],
    ["a DELETE from a tenant app on another port", "DELETE", { origin: "http://localhost:32768" }],
    ["a sandboxed frame's request", "POST", { origin: "null" }],
    ["a cross-site request without Origin", "PATCH", { "sec-fetch-site": "cross-site" }],
    ["a same-site (sibling subdomain) request without Origin", "PUT", { "sec-fetch-site": "same-site" }],
  ])("refuses %s", (_case, method, headers) => {
    expect(crossSiteReason(request(method, headers), OWN)).toMatch(/^Cross-site request refused/);
  });
});
