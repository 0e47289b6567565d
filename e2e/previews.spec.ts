// Pull-request previews through the browser, with the emulated GitHub: turned on from the service page, a
// pull request goes live at its own address with its preview variable, a new commit updates it, the pull
// request's comment follows, a fork waits until approved here, and closing removes it.
import { randomUUID } from "node:crypto";
import { createSampleRepo } from "@/test/support/sample-repo";
import { createEmulatorRepository, signInWithGitHub } from "./support/emulator";
import { expect, test } from "./support/fixtures";

const control = (path: string, query: Record<string, string>, init: RequestInit = { method: "POST" }) =>
  fetch(`${process.env.E2E_EMULATOR_URL ?? ""}/_control/${path}?${new URLSearchParams(query)}`, init);

type Comment = { body: string; edits: number };

test("a pull request gets its own preview, updated by pushes and removed when it closes", async ({ page }) => {
  test.setTimeout(180_000);
  const repository = `octo/preview-${randomUUID().slice(0, 8)}`;
  const gitUrl = await createEmulatorRepository("github", repository);
  const local = await createSampleRepo();
  try {
    await local.commit("healthy", "main page", "production");
    await local.pushTo(gitUrl);
    await signInWithGitHub(page);
    const connected = await page.request.post("/api/repositories/connect", {
      data: { provider: "github", repository_full_name: repository, runtime: { container_port: 8080, health_check_path: "/healthz", health_check_timeout_s: 15 } },
    });
    expect(connected.status()).toBe(201);
    const { service } = (await connected.json()) as { service: { id: string } };

    await page.goto(`/services/${service.id}`);
    const previews = page.getByRole("region", { name: "Previews" });
    await expect(previews.getByText("Previews are off: pull requests build nothing.")).toBeVisible();
    await previews.getByRole("button", { name: "Turn previews on" }).click();
    await expect(previews.getByText(/Each pull request is built at its own address, at most 3 at once/)).toBeVisible();
    await previews.getByLabel("Preview-only variables").fill("GREETING=preview");
    await previews.getByRole("button", { name: "Save preview settings" }).click();
    await expect(previews.getByText("Set: GREETING. NAME= removes one.")).toBeVisible();

    const first = await local.commit("healthy", "new page", "preview one");
    await local.pushTo(gitUrl, "feature");
    const query = { provider: "github", full_name: repository };
    await control("pull-request", { ...query, number: "5" }, { method: "POST", body: JSON.stringify({ head_ref: "feature", head_sha: first }) });

    const row = previews.getByRole("row", { name: "Pull request #5" });
    // The preview's address (its own port here; pr-5-{service}.{BERTH_DOMAIN} behind Caddy).
    const address = row.getByRole("link", { name: /^http/ });
    await expect(address).toBeVisible({ timeout: 90_000 });
    const url = (await address.textContent()) ?? "";
    expect(await (await fetch(url)).text()).toBe("preview one\n");
    await expect
      .poll(async () => ((await (await control("pull-request", { ...query, number: "5" }, { method: "GET" })).json()) as { comments: Comment[] }).comments[0]?.body ?? "", { timeout: 15_000 })
      .toContain(`is live: ${url}`);

    const second = await local.commit("healthy", "newer page", "preview two");
    await local.pushTo(gitUrl, "feature");
    await control("pull-request-push", { ...query, number: "5", head_sha: second });
    // Without Caddy each deployment has an address of its own: read it from the page again.
    const served = async () => (await fetch((await address.textContent()) ?? "").then((answer) => answer.text(), () => "")).trim();
    await expect.poll(served, { timeout: 90_000 }).toBe("preview two");
    const latest = (await address.textContent()) ?? "";

    // A fork's pull request waits for a member.
    const forked = await local.commit("healthy", "fork page", "from a fork");
    await local.pushTo(gitUrl, "refs/pull/6/head");
    await control("pull-request", { ...query, number: "6" }, { method: "POST", body: JSON.stringify({ head_ref: "patch-1", head_sha: forked, head_repository: "stranger/fork", author: "stranger", author_association: "NONE" }) });
    const fork = previews.getByRole("row", { name: "Pull request #6" });
    await expect(fork.getByText("Not built: it comes from a fork (stranger/fork)")).toBeVisible({ timeout: 15_000 });
    await fork.getByRole("button", { name: `Approve ${forked.slice(0, 7)}` }).click();
    await expect(fork.getByRole("link", { name: /^http/ })).toBeVisible({ timeout: 90_000 });

    await control("pull-request-close", { ...query, number: "5", merged: "true" });
    await expect(row.getByText("closed")).toBeVisible({ timeout: 15_000 });
    await expect.poll(async () => fetch(latest).then(() => "answers", () => "gone"), { timeout: 30_000 }).toBe("gone");

    expect((await page.request.delete(`/api/services/${service.id}`)).status()).toBe(204);
  } finally {
    await local.remove();
  }
});
