// Each provider's recorded pull-request delivery, and hostile variants of it, through the parsers.
import { describe, expect, it } from "vitest";
import { fixture, githubExample } from "@/test/support/webhooks";
import { bitbucketPullRequest, giteaPullRequest, githubPullRequest, gitlabMergeRequest } from "./pull-requests";
import { PayloadError } from "./types";

type PullRequestJson = { head: Record<string, unknown> };

const recorded = (path: string) => JSON.parse(fixture(path).toString("utf8")) as Record<string, Record<string, Record<string, unknown>>>;

describe("pull requests as each provider sends them", () => {
  it("reads GitHub's opened pull request, its author's write access and where its head lives", () => {
    expect(githubPullRequest(githubExample("pull_request", (payload) => payload.action === "opened"))).toEqual({
      action: "open",
      number: 2,
      title: "Update the README with new information.",
      author: "Codertocat",
      headSha: "ec26c3e57ca3a959ca5aad62de7213c562f8c821",
      headRef: "changes",
      headRepository: "Codertocat/Hello-World",
      baseRepository: "Codertocat/Hello-World",
      authorCanWrite: true,
    });
  });

  it("ignores GitHub actions that do not move a preview", () => {
    expect(githubPullRequest(githubExample("pull_request", (payload) => payload.action === "labeled"))).toBeNull();
  });

  it("reads GitLab's merge request from its recorded hook (a fork: source and target differ)", () => {
    expect(gitlabMergeRequest(recorded("gitlab/merge-request-event.json"))).toMatchObject({
      action: "open",
      number: 1,
      headSha: "da1560886d4f094c3e6c9ef40349f7d38b5d27d7",
      headRef: "ms-viewport",
      headRepository: "awesome_space/awesome_project",
      authorCanWrite: null,
    });
  });

  it("reads Bitbucket's created pull request, whose abbreviated hash leaves the head to the branch", () => {
    expect(bitbucketPullRequest("pullrequest:created", recorded("bitbucket/pull-request-created.json"))).toMatchObject({ action: "open", number: 1, headSha: null, headRef: "branch2" });
    expect(bitbucketPullRequest("pullrequest:fulfilled", recorded("bitbucket/pull-request-merged.json"))).toMatchObject({ action: "close" });
  });

  it("reads Gitea's pull request from a fork", () => {
    expect(giteaPullRequest(recorded("gitea/pull-request-event.json"))).toMatchObject({ action: "open", number: 2, headRepository: "example2/example", baseRepository: "example/example" });
  });

  it.each([
    ["a head sha that is a git option", (pr: PullRequestJson) => (pr.head.sha = "--upload-pack=touch /tmp/x")],
    ["a branch with ..", (pr: PullRequestJson) => (pr.head.ref = "feature/../../etc")],
  ])("refuses GitHub's payload with %s, naming the field, never the value", (_what, spoil) => {
    const payload = githubExample("pull_request", (candidate) => candidate.action === "opened");
    spoil(payload.pull_request as PullRequestJson);
    expect(() => githubPullRequest(payload)).toThrow(PayloadError);
    expect(() => githubPullRequest(payload)).not.toThrow(/upload-pack|etc/);
  });

  it.each([["1; drop table"], [-4], [2 ** 40]])("refuses the pull request number %s", (number) => {
    const payload = { ...githubExample("pull_request", (candidate) => candidate.action === "opened"), number };
    expect(() => githubPullRequest(payload)).toThrow(/Not a GitHub pull_request payload: number/);
  });

  it("cuts a title of a megabyte", () => {
    const payload = githubExample("pull_request", (candidate) => candidate.action === "opened") as Record<string, Record<string, unknown>>;
    payload.pull_request = { ...payload.pull_request, title: "x".repeat(1_000_000) };
    expect(githubPullRequest(payload)?.title).toHaveLength(256);
  });
});
