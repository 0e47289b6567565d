// The whole promise: sign in with GitHub, connect a private repository, push — the signed webhook queues
// a deployment, Berth fetches the commit with the user's token, builds it, and the new version serves.
import { randomUUID } from "node:crypto";
import { createSampleRepo } from "@/test/support/sample-repo";
import { createEmulatorRepository, signInWithGitHub } from "./support/emulator";
import { expect, test } from "./support/fixtures";

type Deployment = { id: string; status: string; trigger: string; commit_sha: string; commit_message: string; url: string | null };

test("a push to a connected private GitHub repository goes live", async ({ page }) => {
  test.setTimeout(120_000);
  const repository = `octo/site-${randomUUID().slice(0, 8)}`;
  const gitUrl = await createEmulatorRepository("github", repository, { private: true });
  const local = await createSampleRepo();
  try {
    await local.commit("healthy", "Initial site", "first");
    await local.pushTo(gitUrl);

    await signInWithGitHub(page);

    const connected = await page.request.post("/api/repositories/connect", {
      data: {
        provider: "github",
        repository_full_name: repository,
        runtime: { container_port: 8080, health_check_path: "/healthz", health_check_timeout_s: 15 },
      },
    });
    expect(connected.status()).toBe(201);
    const { service } = (await connected.json()) as { service: { id: string } };

    const sha = await local.commit("healthy", "Ship the new page", "pushed and live");
    await local.pushTo(gitUrl);

    const latest = async () => ((await (await page.request.get(`/api/services/${service.id}/deployments`)).json()) as { deployments: Deployment[] }).deployments[0];
    await expect.poll(async () => (await latest())?.status, { timeout: 90_000 }).toBe("live");
    const deployment = await latest();
    expect(deployment).toMatchObject({ trigger: "webhook", commit_sha: sha, commit_message: "Ship the new page" });
    expect(await (await fetch(deployment?.url ?? "")).text()).toBe("pushed and live\n");

    const log = await (await page.request.get(`/api/deployments/${deployment?.id}/logs`)).text();
    expect(log).toContain(`Checked out ${sha.slice(0, 7)} \\"Ship the new page\\" by Sample Author`);

    expect((await page.request.delete(`/api/services/${service.id}`)).status()).toBe(204);
  } finally {
    await local.remove();
  }
});
