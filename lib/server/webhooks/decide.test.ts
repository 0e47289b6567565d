import { describe, expect, it } from "vitest";
import { CI_ONLY_PUSH, decide } from "./decide";
import type { RefUpdate, WebhookEvent } from "./types";

const service = { branch: "main", deployTags: false };
const sha = "0123456789abcdef0123456789abcdef01234567";
const push = (...updates: RefUpdate[]): WebhookEvent => ({ kind: "push", repository: "acme/web", updates });
const update = (ref: string, after: string | null = sha, message = "Change"): RefUpdate => ({ ref, after, headCommit: after ? { sha: after, message, author: "Ada" } : null });

describe("decide", () => {
  it.each<[string, WebhookEvent, typeof service | null, ReturnType<typeof decide>]>([
    ["ping", { kind: "ping" }, service, { kind: "pong" }],
    ["another event", { kind: "other", repository: null }, service, { kind: "received" }],
    ["the watched branch", push(update("refs/heads/main")), service, { kind: "deploy", ref: "refs/heads/main", commit: { sha, message: "Change", author: "Ada" } }],
    ["another branch", push(update("refs/heads/dev")), service, { kind: "ignored", reason: "Push to 'dev' ignored (only 'main' triggers deployment)" }],
    ["the watched branch among several refs", push(update("refs/heads/dev"), update("refs/heads/main")), service, { kind: "deploy", ref: "refs/heads/main", commit: { sha, message: "Change", author: "Ada" } }],
    ["a deletion", push(update("refs/heads/main", null)), service, { kind: "ignored", reason: "'main' was deleted; the running version keeps serving" }],
    ["a tag", push(update("refs/tags/v1")), service, { kind: "ignored", reason: "Tag push 'v1' ignored (this service does not deploy tags)" }],
    ["a tag, tags on", push(update("refs/tags/v1")), { branch: "main", deployTags: true }, { kind: "deploy", ref: "refs/tags/v1", commit: { sha, message: "Change", author: "Ada" } }],
    ["[skip ci]", push(update("refs/heads/main", sha, "x [skip ci]")), service, { kind: "ignored", reason: "Commit 0123456 asks to skip deployment ([skip ci])" }],
    ["no refs", push(), service, { kind: "ignored", reason: "Push changed no branch or tag" }],
    ["a deploy request for the branch", { kind: "deploy", ref: null, sha: null }, service, { kind: "deploy", ref: "refs/heads/main", commit: { sha: null, message: null, author: null } }],
    ["a deploy request for another branch", { kind: "deploy", ref: "refs/heads/dev", sha }, service, { kind: "ignored", reason: "Push to 'dev' ignored (only 'main' triggers deployment)" }],
    ["a push to a CI-only connection", push(update("refs/heads/main")), null, { kind: "ignored", reason: CI_ONLY_PUSH }],
    ["a deploy request to a CI-only connection", { kind: "deploy", ref: null, sha: null }, null, { kind: "ignored", reason: CI_ONLY_PUSH }],
    ["a ping to a CI-only connection", { kind: "ping" }, null, { kind: "pong" }],
    ["a branch named like a tag prefix", push(update("refs/heads/refs/tags/x")), { branch: "refs/tags/x", deployTags: false }, { kind: "deploy", ref: "refs/heads/refs/tags/x", commit: { sha, message: "Change", author: "Ada" } }],
  ])("%s", (_case, event, settings, expected) => {
    expect(decide(event, settings)).toEqual(expected);
  });
});
