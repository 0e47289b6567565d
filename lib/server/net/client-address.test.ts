import { describe, expect, it } from "vitest";
import { clientAddress, isLoopback, limitKey } from "./client-address";

const from = (headers: Record<string, string>) => clientAddress(new Request("http://berth.test/", { headers }));

describe("clientAddress", () => {
  it("takes the address the server established, in one spelling", () => {
    expect(from({ "x-berth-client-address": "203.0.113.7" })).toBe("203.0.113.7");
    expect(from({ "x-berth-client-address": "::ffff:127.0.0.1" })).toBe("127.0.0.1");
  });

  it("never believes X-Forwarded-For, and calls anything else unknown", () => {
    expect(from({ "x-forwarded-for": "127.0.0.1" })).toBe("unknown");
    expect(from({ "x-berth-client-address": "127.0.0.1, 10.0.0.1" })).toBe("unknown");
  });

  it("knows loopback addresses", () => {
    expect(isLoopback("127.0.0.1")).toBe(true);
    expect(isLoopback("::1")).toBe(true);
    expect(isLoopback("::ffff:127.0.0.2")).toBe(true);
    expect(isLoopback("203.0.113.7")).toBe(false);
    expect(isLoopback("unknown")).toBe(false);
  });
});

describe("limitKey", () => {
  it("counts IPv4 addresses one by one and IPv6 addresses by their /64", () => {
    expect(limitKey("203.0.113.7")).toBe("203.0.113.7");
    expect(limitKey("2001:db8:1:2:aaaa::1")).toBe(limitKey("2001:db8:1:2:ffff:ffff:ffff:ffff"));
    expect(limitKey("2001:db8:1:2::1")).not.toBe(limitKey("2001:db8:1:3::1"));
    expect(limitKey("::ffff:198.51.100.1")).toBe("198.51.100.1");
  });
});
