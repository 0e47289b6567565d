import { describe, expect, it } from "vitest";
import { sameOrigin } from "./git-credential";

describe("sameOrigin: where a provider token may be sent", () => {
  it.each([
    ["https://github.com/acme/app.git", "https://github.com", true],
    ["https://ghe.example.com/acme/app.git", "https://ghe.example.com", true],
    ["http://127.0.0.1:8080/git/acme/app.git", "http://127.0.0.1:8080/gitea", true],
    ["https://github.com.evil.example/acme/app.git", "https://github.com", false],
    ["http://github.com/acme/app.git", "https://github.com", false],
    ["https://gitlab.com/acme/app.git", "https://github.com", false],
    ["git@github.com:acme/app.git", "https://github.com", false],
    ["file:///srv/app.git", "https://github.com", false],
  ])("%s with %s → %s", (cloneUrl, provider, expected) => {
    expect(sameOrigin(cloneUrl, provider)).toBe(expected);
  });
});
