// Sending signed deliveries through the real route handlers, as a provider would.
import { randomBytes, randomUUID } from "node:crypto";
import { readFileSync } from "node:fs";
import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { join } from "node:path";
import examples from "@octokit/webhooks-examples";
import { POST as byRepository } from "@/app/api/webhooks/[provider]/route";
import { POST as perService } from "@/app/api/webhooks/[provider]/[serviceId]/route";
import { POST as deployHook } from "@/app/api/hooks/deploy/[serviceId]/route";
import { CLIENT_ADDRESS_HEADER } from "@/lib/server/net/client-address";
import { createService } from "@/lib/server/services/create-service";
import { createServiceSchema } from "@/lib/shared/validations/service";
import { getWebhookSetup } from "@/lib/server/connections/webhook-setup";
import type { WebhookProvider } from "@/lib/server/webhooks/types";
import { createTestUser } from "./users";
import type { Delivery } from "./github-delivery";

// Recorded GitHub deliveries, by event and predicate.
export function githubExample(event: string, pick: (payload: Record<string, unknown>) => boolean = () => true): Record<string, unknown> {
  const examplesOf = examples.find((entry) => entry.name === event)?.examples as Record<string, unknown>[] | undefined;
  const found = examplesOf?.find(pick);
  if (!found) throw new Error(`no @octokit/webhooks-examples payload for ${event}`);
  return structuredClone(found);
}

// The exact bytes of a recorded payload (test/fixtures/webhooks, from go-playground/webhooks; see its README).
export function fixture(path: string): Buffer {
  return readFileSync(join(process.cwd(), "test", "fixtures", "webhooks", path));
}

export async function serviceWithWebhook(overrides: Record<string, unknown> = {}, provider: WebhookProvider = "github") {
  const user = await createTestUser();
  const service = await createService(
    user.id,
    createServiceSchema.parse({ name: `svc-${randomUUID().slice(0, 8)}`, provider: "git", clone_url: "https://git.example.com/app.git", ...overrides }),
  );
  const setup = await getWebhookSetup(user, service.id, provider);
  return { user, service, secret: setup.secret };
}

function request(url: string, delivery: Delivery): Request {
  return new Request(url, {
    method: "POST",
    body: typeof delivery.body === "string" ? delivery.body : new Uint8Array(delivery.body),
    // As scripts/serve.mjs sets it from the socket: a sender of its own unless the test names one, so the
    // per-address limits of one test do not reach into the next.
    headers: { [CLIENT_ADDRESS_HEADER]: delivery.address ?? `2001:db8:${randomBytes(4).toString("hex").replace(/(....)(?=.)/, "$1:")}::1`, ...delivery.headers },
  });
}

export async function deliver(provider: string, serviceId: string, delivery: Delivery) {
  const response = await perService(request(`http://berth.test/api/webhooks/${provider}/${serviceId}`, delivery), {
    params: Promise.resolve({ provider, serviceId }),
  });
  return { status: response.status, body: (await response.json()) as Record<string, unknown>, headers: response.headers };
}

export async function deliverByRepository(provider: string, delivery: Delivery) {
  const response = await byRepository(request(`http://berth.test/api/webhooks/${provider}`, delivery), { params: Promise.resolve({ provider }) });
  return { status: response.status, body: (await response.json()) as Record<string, unknown> };
}

export async function deliverDeployHook(serviceId: string, delivery: Delivery) {
  const response = await deployHook(request(`http://berth.test/api/hooks/deploy/${serviceId}`, delivery), { params: Promise.resolve({ serviceId }) });
  return { status: response.status, body: (await response.json()) as Record<string, unknown> };
}

export function pushPayload(branch: string, sha: string, message = "Update README") {
  const payload = githubExample("push", (candidate) => candidate.ref === "refs/heads/master" && Boolean(candidate.head_commit));
  const head = payload.head_commit as Record<string, unknown>;
  return { ...payload, ref: `refs/heads/${branch}`, after: sha, head_commit: { ...head, id: sha, message } };
}

export const randomSha = () => randomUUID().replace(/-/g, "").padEnd(40, "a").slice(0, 40);

// An HTTP server that hands each delivery to the receivers in this process, for senders that post over HTTP
// (the emulated providers): point a hook at `${url}/api/webhooks/…`.
export async function startReceiverServer() {
  const server = createServer((incoming, outgoing) => {
    const chunks: Buffer[] = [];
    incoming.on("data", (chunk: Buffer) => chunks.push(chunk));
    incoming.on("end", () => {
      const [, , , provider = "", serviceId] = (incoming.url ?? "").split("/");
      const headers = Object.fromEntries(Object.entries(incoming.headers).flatMap(([name, value]) => (typeof value === "string" ? [[name, value]] : [])));
      const delivery = { body: Buffer.concat(chunks), headers };
      (serviceId ? deliver(provider, serviceId, delivery) : deliverByRepository(provider, delivery))
        .then((answer) => outgoing.writeHead(answer.status, { "Content-Type": "application/json" }).end(JSON.stringify(answer.body)))
        .catch((error: unknown) => outgoing.writeHead(500).end(String(error)));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    stop: () => {
      server.closeAllConnections();
      return new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
