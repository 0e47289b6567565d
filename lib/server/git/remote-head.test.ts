import { describe, expect, it } from "vitest";
import { headInLsRemote, RemoteHeadError } from "./remote-head";

const SHA = "a".repeat(40);

describe("what a remote's ls-remote answer is taken to say", () => {
  it("the sha on the branch's own line, not on a branch that merely ends the same", () => {
    const answer = `${"b".repeat(40)}\trefs/heads/feature/main\n${SHA}\trefs/heads/main\n`;
    expect(headInLsRemote(answer, "main")).toBe(SHA);
  });

  it("null when the branch is not there", () => {
    expect(headInLsRemote(`${SHA}\trefs/heads/other\n`, "main")).toBeNull();
    expect(headInLsRemote("", "main")).toBeNull();
  });

  it.each([
    ["an option", "--upload-pack=touch /tmp/pwned"],
    ["a short sha", "abc1234"],
    ["upper-case hex", "A".repeat(40)],
    ["a sha with a newline smuggled in front", `x\n${SHA.slice(1)}`],
  ])("refuses %s where the sha should be", (_what, sha) => {
    expect(() => headInLsRemote(`${sha}\trefs/heads/main\n`, "main")).toThrow(RemoteHeadError);
  });
});
