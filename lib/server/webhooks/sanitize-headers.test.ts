import { describe, expect, it } from "vitest";
import { sanitizeHeaders } from "./sanitize-headers";

describe("sanitizeHeaders", () => {
  it("keeps what helps debugging and drops whatever authenticates", () => {
    const headers = new Headers({
      "X-GitHub-Event": "push",
      "X-Hub-Signature-256": "sha256=abc",
      "X-Gitlab-Token": "shared-secret",
      Authorization: "Bearer t",
      Cookie: "session=1",
      "X-Custom-Secret": "s",
    });
    expect(sanitizeHeaders(headers, ["x-custom-secret"])).toEqual({ "x-github-event": "push", "x-hub-signature-256": "sha256=abc" });
  });
});
