import { describe, expect, it } from "vitest";
import { publishedServiceHost, tenantHostProblem } from "./tenant-host";

describe("where tenant apps answer", () => {
  it.each([
    ["http://localhost:3000", "localhost", "127.0.0.1"],
    ["http://127.0.0.1:3100", "localhost", "localhost"],
    ["http://[::1]:3000", "localhost", "localhost"],
    ["http://127.0.0.1:3000", "127.0.0.1", "localhost"],
    ["https://berth.example.com", "apps.internal", "apps.internal"],
  ])("without Caddy, Berth at %s and BERTH_DOMAIN %s: services at %s", (url, domain, host) => {
    expect(publishedServiceHost({ NEXTAUTH_URL: url, BERTH_DOMAIN: domain })).toBe(host);
  });

  it.each([
    ["https://berth.example.com", "berth.example.com", undefined],
    ["https://berth.example.com", "example.com", undefined],
    ["https://berth.example.com", "berth.example.com", "http://127.0.0.1:2019"],
    ["https://berth.example.com", "example.com", "http://127.0.0.1:2019"],
    ["http://localhost:3000", "localhost", "http://127.0.0.1:2019"],
  ])("refuses Berth at %s with BERTH_DOMAIN %s (Caddy: %s)", (url, domain, caddy) => {
    expect(tenantHostProblem({ NEXTAUTH_URL: url, BERTH_DOMAIN: domain, CADDY_ADMIN_URL: caddy })).toMatch(/^BERTH_DOMAIN \(.*\) is Berth's own host or a parent of it/);
  });

  it.each([
    ["https://berth.example.com", "apps.example.com", "http://127.0.0.1:2019"],
    ["http://127.0.0.1:3000", "localhost", "http://127.0.0.1:2019"],
    ["http://localhost:3000", "localhost", undefined],
  ])("accepts Berth at %s with BERTH_DOMAIN %s (Caddy: %s)", (url, domain, caddy) => {
    expect(tenantHostProblem({ NEXTAUTH_URL: url, BERTH_DOMAIN: domain, CADDY_ADMIN_URL: caddy })).toBeNull();
  });
});
