import { randomUUID } from "node:crypto";
import type { Page } from "@playwright/test";
import { expect } from "./fixtures";

// A repository at the provider emulator; a private one's git URL carries a token for the test's own git.
export async function createEmulatorRepository(provider: "github" | "gitlab" | "bitbucket" | "gitea", fullName: string, options: { private?: boolean } = {}) {
  const query = new URLSearchParams({ provider, full_name: fullName, ...(options.private ? { private: "true" } : {}) });
  const response = await fetch(`${process.env.E2E_EMULATOR_URL ?? ""}/_control/repositories?${query}`, { method: "POST" });
  return ((await response.json()) as { git_url: string }).git_url;
}

// The provider's API answers 503 until set up again (OAuth and git hosting keep working).
export async function setProviderDown(provider: "github" | "gitlab" | "bitbucket" | "gitea", down: boolean) {
  await fetch(`${process.env.E2E_EMULATOR_URL ?? ""}/_control/down?${new URLSearchParams({ provider, down: String(down) })}`, { method: "POST" });
}

export async function signInWithGitHub(page: Page) {
  await page.goto("/signin");
  await page.getByRole("button", { name: "Continue with GitHub" }).click();
  await expect(page.getByRole("heading", { name: "Services", exact: true })).toBeVisible();
}

// Signs in with GitHub and connects a fresh emulated repository (the service and its hook): for tests about
// what the repository then sends.
export async function signInAndConnectGitHubRepository(page: Page, prefix: string) {
  const repository = `octo/${prefix}-${randomUUID().slice(0, 8)}`;
  await createEmulatorRepository("github", repository);
  await signInWithGitHub(page);
  const connected = await page.request.post("/api/repositories/connect", { data: { provider: "github", repository_full_name: repository } });
  expect(connected.status()).toBe(201);
  const { service } = (await connected.json()) as { service: { id: string } };
  return { repository, serviceId: service.id };
}
