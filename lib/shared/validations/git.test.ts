import { describe, expect, it } from "vitest";
import { branchSchema, cloneUrlKind, commitAuthorSchema, commitMessageSchema, commitShaInputSchema, commitShaSchema, pushedRefSchema } from "./git";

describe("commit shas from outside", () => {
  it.each(["a".repeat(40), "0123456789abcdef".repeat(4), "f".repeat(64)])("accepts %s", (sha) => {
    expect(commitShaSchema.safeParse(sha).success).toBe(true);
  });

  it.each([
    "--upload-pack=touch /tmp/pwned;git-upload-pack",
    "-c",
    "HEAD",
    "main",
    "a".repeat(39),
    "a".repeat(41),
    "A".repeat(40),
    ` ${"a".repeat(40)}`,
    `${"a".repeat(40)}\n`,
    "g".repeat(40),
    "",
  ])("refuses %j", (sha) => {
    expect(commitShaSchema.safeParse(sha).success).toBe(false);
  });

  it("forgives case and spaces in the API's form, never anything else", () => {
    expect(commitShaInputSchema.parse(` ${"AB".repeat(20)} `)).toBe("ab".repeat(20));
    expect(commitShaInputSchema.safeParse("--upload-pack=x").success).toBe(false);
  });
});

describe("pushed refs", () => {
  it.each(["refs/heads/main", "refs/tags/v1.2.3", "refs/heads/release/2.0"])("accepts %s", (ref) => {
    expect(pushedRefSchema.safeParse(ref).success).toBe(true);
  });
  it.each(["main", "refs/heads/", "refs/heads/--upload-pack=x/../x", "refs/heads/a..b", "refs/remotes/origin/main", "-refs/heads/x", "refs/heads/a b"])(
    "refuses %j",
    (ref) => expect(pushedRefSchema.safeParse(ref).success).toBe(false),
  );
});

describe("clone URLs", () => {
  it.each([
    ["https://github.com/acme/web.git", "https"],
    ["https://git.example.com:8443/team/app", "https"],
    ["http://git.internal/team/app.git", "http"],
    ["ssh://git@gitlab.example.com:2222/group/sub/app.git", "ssh"],
    ["git@github.com:acme/web.git", "ssh"],
    ["file:///srv/git/app.git", "file"],
  ])("accepts %s as %s", (url, kind) => {
    expect(cloneUrlKind(url)).toBe(kind);
  });

  it.each([
    "https://user:token@github.com/acme/web.git",
    "ftp://example.com/repo",
    "ext::sh -c touch% /tmp/pwned",
    "github.com/acme/web",
    "file:///",
    "file://otherhost/srv/app.git",
    "",
    "git@github.com acme/web",
    "-oProxyCommand=touch@host:path",
    "git@-oProxyCommand=x:path",
    "ssh://-oProxyCommand=touch@example.com/repo",
  ])("rejects %j", (url) => {
    expect(cloneUrlKind(url)).toBeUndefined();
  });
});

describe("branch names", () => {
  it.each(["main", "release/2.0", "feature/x-y_z", "v1.2"])("accepts %s", (name) => {
    expect(branchSchema.safeParse(name).success).toBe(true);
  });
  it.each(["", "a..b", "feature/", "/main", "-main", "has space", "x.lock", "a@{b", "a:b", "x~1", "a//b", "@", ".hidden", "a/.b"])("rejects %j", (name) => {
    expect(branchSchema.safeParse(name).success).toBe(false);
  });
});

describe("commit messages and authors from payloads", () => {
  it("keep what a person writes and cut what no one would", () => {
    expect(commitMessageSchema.parse("Fix the login page\n\nLong story.")).toBe("Fix the login page\n\nLong story.");
    expect(commitMessageSchema.parse("x".repeat(5_000_000))).toHaveLength(8 * 1024 + 1);
    expect(commitAuthorSchema.parse("y".repeat(1000))).toHaveLength(256);
  });
});
