import { describe, expect, it } from "vitest";
import { isPublicAddress } from "@/lib/server/net/public-address";
import { checkRemote, type Lookup, type RemotePolicy } from "./remote-policy";

const closed: RemotePolicy = { allowLocal: false, providerUrls: ["https://github.com", "http://127.0.0.1:4567/gitea"] };
const open: RemotePolicy = { ...closed, allowLocal: true };
const answers =
  (table: Record<string, string[]>): Lookup =>
  async (host) => {
    const found = table[host];
    if (!found) throw new Error(`getaddrinfo ENOTFOUND ${host}`);
    return found;
  };
const dns = answers({
  "git.example.com": ["93.184.216.34", "2606:2800:220:1:248:1893:25c8:1946"],
  "internal.example.com": ["10.1.2.3"],
  "mixed.example.com": ["93.184.216.34", "192.168.1.10"],
  "metadata.example.com": ["169.254.169.254"],
});
const check = (url: string, policy = closed, mustResolve = true) => checkRemote(url, policy, { mustResolve, resolve: dns });

describe("the clone URL policy", () => {
  it("allows public hosts and pins the addresses they resolved to", async () => {
    await expect(check("https://git.example.com/team/app.git")).resolves.toEqual({
      url: "https://git.example.com/team/app.git",
      kind: "https",
      host: "git.example.com",
      port: 443,
      addresses: ["93.184.216.34", "2606:2800:220:1:248:1893:25c8:1946"],
    });
    await expect(check("git@git.example.com:team/app.git")).resolves.toMatchObject({ kind: "ssh", port: 22, addresses: ["93.184.216.34", "2606:2800:220:1:248:1893:25c8:1946"] });
    await expect(check("ssh://git@git.example.com:2222/team/app.git")).resolves.toMatchObject({ port: 2222 });
  });

  it.each([
    ["file:///srv/git/app.git", /file:\/\/ path on Berth's own machine; set BERTH_ALLOW_LOCAL_GIT=true/],
    ["https://127.0.0.1/app.git", /non-public address/],
    ["https://localhost:8443/app.git", /non-public address/],
    ["https://repo.localhost/app.git", /non-public address/],
    ["https://[::1]/app.git", /non-public address/],
    ["https://[::ffff:127.0.0.1]/app.git", /non-public address/],
    ["https://10.0.0.5/app.git", /non-public address/],
    ["https://172.16.3.4/app.git", /non-public address/],
    ["ssh://git@192.168.0.2/app.git", /non-public address/],
    ["https://169.254.169.254/latest/meta-data", /non-public address/],
    ["https://[fd00:ec2::254]/", /non-public address/],
    ["https://100.64.0.1/app.git", /non-public address/],
    ["https://0.0.0.0/app.git", /non-public address/],
    ["https://internal.example.com/app.git", /non-public address/],
    ["git@metadata.example.com:app.git", /non-public address/],
    ["https://mixed.example.com/app.git", /non-public address/],
    ["http://git.example.com/app.git", /plain http:\/\//],
    ["http://github.com/acme/app.git", /plain http:\/\//],
  ])("refuses %s without the operator's opt-in", async (url, reason) => {
    await expect(check(url)).rejects.toThrow(reason);
  });

  it("never names the address a host resolved to", async () => {
    await expect(check("https://internal.example.com/app.git")).rejects.not.toThrow(/10\.1\.2\.3/);
  });

  it("allows all of them with BERTH_ALLOW_LOCAL_GIT", async () => {
    for (const url of ["file:///srv/git/app.git", "https://127.0.0.1/app.git", "http://10.0.0.5/app.git", "https://internal.example.com/app.git"]) {
      await expect(check(url, open)).resolves.toMatchObject({ url, addresses: [] });
    }
  });

  it("always allows the configured providers' hosts, over http only when the provider is configured so", async () => {
    await expect(check("https://github.com/acme/app.git")).resolves.toMatchObject({ addresses: [] });
    await expect(check("https://127.0.0.1:4567/app.git")).rejects.toThrow(/non-public address/);
    await expect(check("git@github.com:acme/app.git")).resolves.toMatchObject({ kind: "ssh" });
    await expect(check("http://127.0.0.1:4567/git/gitea/acme/app.git")).resolves.toMatchObject({ kind: "http", addresses: [] });
  });

  it("refuses a host that does not resolve before a fetch, and lets it be saved (it is checked again at every build)", async () => {
    await expect(check("https://gone.example.com/app.git")).rejects.toThrow(/does not resolve \(gone\.example\.com\)/);
    await expect(check("https://gone.example.com/app.git", closed, false)).resolves.toMatchObject({ addresses: [] });
  });

  it("follows a DNS answer that changed to a private address (rebinding) at the next check", async () => {
    let answer = ["93.184.216.34"];
    const rebinding: Lookup = async () => answer;
    await expect(checkRemote("https://rebind.example.com/app.git", closed, { mustResolve: true, resolve: rebinding })).resolves.toMatchObject({ addresses: ["93.184.216.34"] });
    answer = ["127.0.0.1"];
    await expect(checkRemote("https://rebind.example.com/app.git", closed, { mustResolve: true, resolve: rebinding })).rejects.toThrow(/non-public address/);
  });

  it.each([
    ["8.8.8.8", true],
    ["2001:4860:4860::8888", true],
    ["127.0.0.53", false],
    ["::", false],
    ["fe80::1", false],
    ["224.0.0.1", false],
    ["198.18.0.1", false],
    ["2002:7f00:1::", false],
    ["not-an-ip", false],
  ])("judges %s public: %s", (address, expected) => {
    expect(isPublicAddress(address)).toBe(expected);
  });
});
