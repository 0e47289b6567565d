import { describe, expect, it } from "vitest";
import { admitOAuth, parseOrgEntries, parseUserEntries, type OAuthIdentity, type SignInPolicy } from "./sign-in-policy";

const policy = (users: string, orgs = "", admins = ""): SignInPolicy => ({
  users: parseUserEntries(users) as SignInPolicy["users"],
  orgs: parseOrgEntries(orgs) as SignInPolicy["orgs"],
  admins: parseUserEntries(admins) as SignInPolicy["admins"],
});
const octocat: OAuthIdentity = { provider: "github", login: "Octocat", verifiedEmails: ["octo@example.com"] };
const nobody = async () => false;

describe("the sign-in policy's lists", () => {
  it("reads provider logins and email addresses, case-insensitively", () => {
    expect(parseUserEntries(" github:Octocat , gitlab:jane,Alice@Example.com ,")).toEqual([
      { provider: "github", login: "octocat" },
      { provider: "gitlab", login: "jane" },
      { email: "alice@example.com" },
    ]);
    expect(parseOrgEntries("github:acme,gitlab:acme/platform")).toEqual([
      { provider: "github", name: "acme" },
      { provider: "gitlab", name: "acme/platform" },
    ]);
  });

  it.each([
    ["svn:jane", parseUserEntries],
    ["jane", parseUserEntries],
    ["github:", parseUserEntries],
    ["acme", parseOrgEntries],
    ["alice@example.com", parseOrgEntries],
  ])("names the bad entry %j", (list, parse) => {
    expect(parse(list)).toMatch(new RegExp(`^'${list}'`));
  });
});

describe("admitOAuth", () => {
  it("keeps provider sign-in closed until the operator lists someone", async () => {
    expect(await admitOAuth(policy(""), octocat, nobody)).toEqual({ allowed: false, why: "closed" });
  });

  it("admits a listed login, but not the same login at another provider", async () => {
    expect(await admitOAuth(policy("github:octocat"), octocat, nobody)).toEqual({ allowed: true, admin: false });
    expect(await admitOAuth(policy("gitlab:octocat"), octocat, nobody)).toEqual({ allowed: false, why: "not_listed" });
  });

  it("admits by email only when the provider verified it", async () => {
    expect(await admitOAuth(policy("octo@example.com"), octocat, nobody)).toMatchObject({ allowed: true });
    expect(await admitOAuth(policy("octo@example.com"), { ...octocat, verifiedEmails: [] }, nobody)).toMatchObject({ allowed: false });
  });

  it("asks about organizations of the identity's own provider only", async () => {
    const asked: string[] = [];
    const member = async (org: { provider: string; name: string }) => {
      asked.push(`${org.provider}:${org.name}`);
      return org.name === "acme";
    };
    expect(await admitOAuth(policy("", "gitlab:acme,github:other,github:acme"), octocat, member)).toEqual({ allowed: true, admin: false });
    expect(asked).toEqual(["github:other", "github:acme"]);
    expect(await admitOAuth(policy("", "github:other"), octocat, member)).toEqual({ allowed: false, why: "not_listed" });
  });

  it("admits admins, and says so", async () => {
    expect(await admitOAuth(policy("", "", "github:octocat"), octocat, nobody)).toEqual({ allowed: true, admin: true });
    expect(await admitOAuth(policy("github:octocat", "", "octo@example.com"), octocat, nobody)).toEqual({ allowed: true, admin: true });
  });
});
