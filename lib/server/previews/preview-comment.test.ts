import { describe, expect, it } from "vitest";
import { commentBody, type CommentFacts } from "./preview-comment";

const facts: CommentFacts = {
  service: "web",
  state: "active",
  approvalReason: null,
  headSha: "a".repeat(40),
  maxPreviews: 3,
  deployment: { status: "live", commitSha: "a".repeat(40), url: "https://pr-7-web.example.com" },
  link: "https://berth.example/deployments/d1",
};

describe("the pull request's comment", () => {
  it("says where a live preview is, and links Berth", () => {
    expect(commentBody(facts)).toBe("✅ The preview of **web** at `aaaaaaa` is live: https://pr-7-web.example.com\n\n[Open in Berth](https://berth.example/deployments/d1)");
  });

  it("says what is still building, what failed and what a newer commit replaced", () => {
    expect(commentBody({ ...facts, deployment: { ...facts.deployment!, status: "building" } })).toContain("is building the preview");
    expect(commentBody({ ...facts, deployment: { ...facts.deployment!, status: "rolled_back" } })).toContain("could not deploy the preview");
    expect(commentBody({ ...facts, deployment: { ...facts.deployment!, status: "cancelled" } })).toContain("A newer commit replaced");
  });

  it("escapes a fork's name, so it adds no link, image or mention", () => {
    const body = commentBody({ ...facts, state: "awaiting_approval", approvalReason: "it comes from a fork (@team/![x](https://evil))" });
    expect(body).toContain("has not built `aaaaaaa` for **web**: it comes from a fork \\(\\@team/\\!\\[x\\]\\(https://evil\\)\\)");
    expect(body).not.toMatch(/[^\\]\[x\]/);
  });

  it("says why it stopped and that a push brings it back", () => {
    expect(commentBody({ ...facts, state: "stopped" })).toContain("(at most 3 at once). A new push builds it again.");
  });
});
