// Clone URLs that would point Berth's host at itself, a private network or the cloud's metadata service
// are refused when a service is saved, unless the operator opted in. (The other test files deploy from
// file:// with the opt-in; this one runs without it.)
import { describe, expect, it } from "vitest";
import { ApiError } from "@/lib/server/api-error";
import { createServiceSchema } from "@/lib/shared/validations/service";
import { createTestUser } from "@/test/support/users";
import { createService } from "./create-service";
import { updateService } from "./update-service";

// Read by lib/server/env on first use, after this file is loaded.
process.env.BERTH_ALLOW_LOCAL_GIT = "false";
process.env.GITEA_URL = "http://127.0.0.1:3001/gitea";

const create = async (cloneUrl: string) =>
  createService((await createTestUser()).id, createServiceSchema.parse({ name: `app-${Math.random().toString(36).slice(2, 8)}`, provider: "git", clone_url: cloneUrl }));

describe("clone URLs without BERTH_ALLOW_LOCAL_GIT", () => {
  it.each([
    ["file:///srv/git/app.git", /file:\/\/ path on Berth's own machine/],
    ["https://127.0.0.1/app.git", /non-public address/],
    ["https://localhost:8443/app.git", /non-public address/],
    ["ssh://git@10.0.0.5/app.git", /non-public address/],
    ["git@192.168.1.20:team/app.git", /non-public address/],
    ["https://169.254.169.254/latest/meta-data/", /non-public address/],
    ["https://[::1]/app.git", /non-public address/],
    ["http://git.example.com/app.git", /plain http:\/\//],
  ])("refuses %s with 422 naming clone_url and the opt-in", async (url, reason) => {
    const error = await create(url).then(
      () => null,
      (caught: unknown) => caught,
    );
    expect(error).toBeInstanceOf(ApiError);
    expect(error).toMatchObject({ code: "unprocessable", errors: [{ field: "clone_url", message: expect.stringMatching(reason) }] });
    expect((error as ApiError).message).toMatch(/BERTH_ALLOW_LOCAL_GIT|use https/);
  });

  it("takes public hosts (resolvable or not yet) and the configured providers' own hosts", async () => {
    await expect(create("https://github.com/acme/app.git")).resolves.toMatchObject({ clone_url: "https://github.com/acme/app.git" });
    await expect(create("https://git.does-not-resolve.example/app.git")).resolves.toMatchObject({});
    await expect(create("http://127.0.0.1:3001/git/gitea/acme/app.git")).resolves.toMatchObject({});
  });

  it("checks a changed clone URL too", async () => {
    const user = await createTestUser();
    const service = await createService(user.id, createServiceSchema.parse({ name: "moving", provider: "git", clone_url: "https://github.com/acme/app.git" }));
    await expect(updateService(user, service.id, { clone_url: "https://10.1.2.3/app.git" })).rejects.toMatchObject({ code: "unprocessable" });
  });
});
