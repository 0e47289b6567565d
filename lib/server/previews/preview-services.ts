// A preview runs as a service of its own, hidden from lists: pr-{n}-{service} builds, starts, switches and
// is removed exactly like any service, so previews share every guarantee of the deploy workflow. It is made
// from the previewed service's settings, with the preview environment: the preview-only variables and the
// service's own variables marked shared, never the rest.
import { createHash, randomUUID } from "node:crypto";
import type { Prisma, Service } from "@/lib/generated/prisma/client";
import { sealedFields, secretBox } from "@/lib/server/crypto";
import { enqueue } from "@/lib/server/outbox/enqueue";
import { openEnvVars, openGitAuth, sealEnvVars, sealGitAuth } from "@/lib/server/services/service-secrets";
import { z } from "zod";

type Tx = Prisma.TransactionClient;

// A DNS label: at most 63 characters; a long service name keeps its start and a digest of the whole.
export function previewSlug(number: number, slug: string): string {
  const name = `pr-${number}-${slug}`;
  if (name.length <= 63) return name;
  const digest = createHash("sha256").update(name).digest("hex").slice(0, 6);
  return `${name.slice(0, 56).replace(/-+$/, "")}-${digest}`;
}

export function openPreviewEnvVars(parent: Pick<Service, "id" | "previewEnvVarsEncrypted">): Record<string, string> {
  if (!parent.previewEnvVarsEncrypted) return {};
  const opened: unknown = JSON.parse(secretBox().decrypt(parent.previewEnvVarsEncrypted, sealedFields.service("previewEnvVarsEncrypted", parent.id)));
  return z.record(z.string(), z.string()).parse(opened);
}

export function sealPreviewEnvVars(vars: Record<string, string>, serviceId: string): string | null {
  return Object.keys(vars).length > 0 ? secretBox().encrypt(JSON.stringify(vars), sealedFields.service("previewEnvVarsEncrypted", serviceId)) : null;
}

// What a preview's container gets: the shared variables of the service, then the preview's own on top.
export function previewEnvironment(parent: Pick<Service, "id" | "envVarsEncrypted" | "previewEnvVarsEncrypted" | "sharedEnvKeys">): Record<string, string> {
  const own = openEnvVars(parent.envVarsEncrypted, parent.id);
  const shared = Object.fromEntries(parent.sharedEnvKeys.flatMap((key) => (key in own ? [[key, own[key] ?? ""]] : [])));
  return { ...shared, ...openPreviewEnvVars(parent) };
}

export async function createPreviewService(tx: Tx, parent: Service, number: number, headRef: string): Promise<Service> {
  const id = randomUUID();
  const slug = previewSlug(number, parent.slug);
  const gitAuth = openGitAuth(parent.gitAuthEncrypted, parent.id);
  return tx.service.create({
    data: {
      id,
      ownerId: parent.ownerId,
      name: slug,
      slug,
      previewOfId: parent.id,
      provider: parent.provider,
      repositoryFullName: parent.repositoryFullName,
      cloneUrl: parent.cloneUrl,
      branch: headRef,
      gitAuthType: parent.gitAuthType,
      gitAuthEncrypted: gitAuth ? sealGitAuth(gitAuth, id) : null,
      dockerfilePath: parent.dockerfilePath,
      buildContext: parent.buildContext,
      buildArgs: parent.buildArgs as Prisma.InputJsonValue,
      buildTimeout: parent.buildTimeout,
      containerPort: parent.containerPort,
      healthCheckPath: parent.healthCheckPath,
      healthCheckTimeout: parent.healthCheckTimeout,
      memoryLimitMb: parent.memoryLimitMb,
      cpuLimit: parent.cpuLimit,
      envVarsEncrypted: sealEnvVars(previewEnvironment(parent), id),
    },
  });
}

export async function refreshPreviewEnvironment(tx: Tx, parent: Service, previewServiceId: string): Promise<void> {
  await tx.service.update({ where: { id: previewServiceId }, data: { envVarsEncrypted: sealEnvVars(previewEnvironment(parent), previewServiceId) } });
}

// The preview's service goes (its rows now; containers, image, route and cache by remove-service).
export async function removePreviewService(tx: Tx, previewServiceId: string | null): Promise<void> {
  if (!previewServiceId) return;
  const service = await tx.service.findUnique({ where: { id: previewServiceId }, select: { id: true, slug: true, target: true } });
  if (!service) return;
  await tx.service.delete({ where: { id: service.id } });
  await enqueue(tx, { name: "service/deleted", data: { serviceId: service.id, slug: service.slug, target: service.target } });
}
