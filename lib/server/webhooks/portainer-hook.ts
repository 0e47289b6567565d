// The update hook of the Portainer deploy tool Berth replaces, kept so its callers need not change: POST a
// JSON body {"event": "stack_update" | "image_update", "stack_id"?: n} signed with X-Portainer-Signature (the
// hex HMAC-SHA256 of the raw body under PORTAINER_WEBHOOK_SECRET). Either event deploys the watched branch's
// head to the services whose target is that Portainer stack (any Portainer stack's, when only one is used),
// and the answer keeps the old tool's shape: {success, message: "Stack update triggered", update_result}.
import { createHmac, timingSafeEqual } from "node:crypto";
import { z } from "zod";
import { db } from "@/lib/server/db";
import { env } from "@/lib/server/env";
import { queueDeployment } from "@/lib/server/deployments/request-deployment";
import { clientAddress } from "@/lib/server/net/client-address";
import { readBodyCapped } from "@/lib/server/net/read-body";
import { ApiError } from "@/lib/server/api-error";
import { countFailure, failureBackoff } from "./rate-limit";
import { headerValue } from "./signature";

const MAX_BODY_BYTES = 64 * 1024;

export const portainerHookBodySchema = z
  .object({
    event: z.enum(["stack_update", "image_update"], { error: "event must be stack_update or image_update" }),
    stack_id: z.number().int().min(1).max(2_147_483_647).optional(),
  })
  .strict();

type Answer = { status: number; body: { success: boolean; message: string; update_result?: string }; headers?: Record<string, string> };

export function portainerSignature(secret: string, raw: Uint8Array): string {
  return createHmac("sha256", secret).update(raw).digest("hex");
}

// Hex, as the old tool's callers send it; `sha256=<hex>` is accepted too. Compared in constant time.
function signatureMatches(secret: string, raw: Uint8Array, header: string | null): boolean {
  if (!header) return false;
  const given = Buffer.from(header.replace(/^sha256=/, "").toLowerCase());
  const expected = Buffer.from(portainerSignature(secret, raw));
  return given.length === expected.length && timingSafeEqual(given, expected);
}

export async function receivePortainerHook(request: Request): Promise<Answer> {
  const secret = env().PORTAINER_WEBHOOK_SECRET;
  if (!secret) return { status: 404, body: { success: false, message: "The Portainer update hook is not enabled on this instance" } };
  const address = clientAddress(request);
  const backoff = await failureBackoff(address, null);
  if (backoff > 0) return { status: 429, body: { success: false, message: "Too many failed requests; retry later" }, headers: { "Retry-After": String(backoff) } };
  const refuse = async (status: number, message: string): Promise<Answer> => {
    await countFailure(address, null);
    return { status, body: { success: false, message } };
  };

  let raw: Uint8Array;
  try {
    raw = await readBodyCapped(request, MAX_BODY_BYTES);
  } catch (error) {
    if (error instanceof ApiError) return refuse(413, error.message);
    throw error;
  }
  if (!signatureMatches(secret, raw, headerValue(request.headers, "x-portainer-signature"))) return refuse(401, "Invalid or missing X-Portainer-Signature");

  let json: unknown;
  try {
    json = JSON.parse(new TextDecoder().decode(raw));
  } catch {
    return refuse(400, "The body is not JSON");
  }
  const parsed = portainerHookBodySchema.safeParse(json);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    return refuse(400, `Invalid body: ${issue?.path.join(".") || "body"}: ${issue?.message}`);
  }
  const { event, stack_id: stackId } = parsed.data;

  const services = await db.service.findMany({
    where: { target: "portainer", previewOfId: null, ...(stackId ? { portainerStackId: stackId } : {}) },
    select: { id: true, name: true, branch: true, portainerStackId: true },
    orderBy: { name: "asc" },
  });
  const stacks = new Set(services.map((service) => service.portainerStackId));
  if (services.length === 0) return refuse(404, stackId ? `No service deploys to Portainer stack ${stackId}` : "No service deploys to a Portainer stack");
  if (!stackId && stacks.size > 1) return refuse(400, `Several Portainer stacks are deployed to (${[...stacks].join(", ")}): say which with stack_id`);

  const queued = [];
  for (const service of services) {
    const deployment = await queueDeployment({ serviceId: service.id, trigger: "deploy_hook", commitSha: null, ref: `refs/heads/${service.branch}` });
    queued.push(`deployment ${deployment.id} of ${service.name}`);
  }
  return { status: 200, body: { success: true, message: "Stack update triggered", update_result: `${event}: queued ${queued.join(", ")}` } };
}
