import { describe, expect, it } from "vitest";
import { checkOutgoingUrl } from "./outgoing-post";

const resolvesTo = (...addresses: string[]) => () => Promise.resolve(addresses);

describe("where a channel may send", () => {
  it("takes an https URL whose host has public addresses only, and pins the first", async () => {
    const checked = await checkOutgoingUrl("https://hooks.slack.com/services/T0/B0/x", { allowLocal: false, resolve: resolvesTo("34.200.1.2") });
    expect(checked).toMatchObject({ address: "34.200.1.2" });
    expect(checked.url.host).toBe("hooks.slack.com");
  });

  it.each([
    ["the cloud metadata address", "https://metadata.example/latest", ["169.254.169.254"]],
    ["loopback", "https://hooks.example/x", ["127.0.0.1"]],
    ["a private network", "https://hooks.example/x", ["10.0.0.7"]],
    ["IPv6 unique-local", "https://hooks.example/x", ["fd00::1"]],
    ["an IPv4-mapped loopback", "https://[::ffff:127.0.0.1]/x", []],
    ["one private answer among public ones (rebinding)", "https://hooks.example/x", ["34.200.1.2", "192.168.1.1"]],
    ["localhost, whatever DNS says", "https://localhost/x", ["34.200.1.2"]],
  ])("refuses %s without the operator's opt-in, naming no address", async (_what, url, addresses) => {
    const refusal = checkOutgoingUrl(url, { allowLocal: false, resolve: resolvesTo(...addresses) });
    await expect(refusal).rejects.toThrow(/non-public address; set BERTH_ALLOW_LOCAL_CHANNELS=true/);
    await expect(refusal).rejects.not.toThrow(/169\.254|127\.0|10\.0|fd00|192\.168/);
  });

  it("refuses plain http unless local targets are allowed", async () => {
    await expect(checkOutgoingUrl("http://hooks.example/x", { allowLocal: false, resolve: resolvesTo("34.200.1.2") })).rejects.toThrow(/must be https:\/\//);
    await expect(checkOutgoingUrl("http://127.0.0.1:9/x", { allowLocal: true })).resolves.toMatchObject({ address: "127.0.0.1" });
  });

  it("refuses credentials in the URL, other schemes and hosts that do not resolve", async () => {
    await expect(checkOutgoingUrl("https://user:pw@hooks.example/x", { allowLocal: false, resolve: resolvesTo("34.200.1.2") })).rejects.toThrow(/carries credentials/);
    await expect(checkOutgoingUrl("file:///etc/passwd", { allowLocal: true })).rejects.toThrow(/must be https/);
    await expect(checkOutgoingUrl("https://nowhere.invalid/x", { allowLocal: false, resolve: () => Promise.reject(new Error("ENOTFOUND")) })).rejects.toThrow(/does not resolve/);
  });
});
