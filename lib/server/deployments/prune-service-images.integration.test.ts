// Pruning against the real engine: the live image and the newest rollback targets stay, the rest go, and
// the deployments whose image went are no longer offered for rollback.
import { randomBytes } from "node:crypto";
import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, expect, it } from "vitest";
import { db } from "@/lib/server/db";
import type { DeploymentStatus } from "@/lib/generated/prisma/client";
import { buildImage } from "@/lib/server/runtime/build-image";
import { connectDocker } from "@/lib/server/runtime/docker";
import { listRepositoryTags } from "@/lib/server/runtime/images";
import { createService } from "@/lib/server/services/create-service";
import { createServiceSchema } from "@/lib/shared/validations/service";
import { createTestUser } from "@/test/support/users";
import { imageRepositoryFor } from "@/lib/server/runtime/image-names";
import { pruneServiceImages } from "./prune-service-images";
import { requestRollback } from "./request-rollback";

const docker = connectDocker(undefined);
const base = `berth-test/prune-base:${randomBytes(4).toString("hex")}`;
let repository = "";

beforeAll(async () => {
  const context = await mkdtemp(join(tmpdir(), "berth-prune-"));
  await writeFile(join(context, "Dockerfile"), "FROM scratch\nCOPY marker /marker\n");
  await writeFile(join(context, "marker"), base);
  await buildImage(docker, { contextDir: context, dockerfile: "Dockerfile", tag: base, buildArgs: {}, onLine: () => {} });
  await rm(context, { recursive: true, force: true });
}, 60_000);

afterAll(async () => {
  for (const tag of repository ? await listRepositoryTags(docker, repository) : []) await docker.getImage(tag).remove().catch(() => {});
  await docker.getImage(base).remove().catch(() => {});
});

it("keeps the live image and the newest earlier ones, removes the rest, and refuses rollback to a removed one", async () => {
  const user = await createTestUser();
  const service = await createService(
    user.id,
    createServiceSchema.parse({ name: `prune-${randomBytes(3).toString("hex")}`, provider: "git", clone_url: "file:///srv/repo.git" }),
  );
  repository = imageRepositoryFor(service.slug);
  const tag = (n: number) => `${repository}:${String(n).repeat(12)}`;
  const deployment = (n: number, status: DeploymentStatus) =>
    db.deployment.create({ data: { serviceId: service.id, trigger: "webhook", status, commitSha: String(n).repeat(40), imageTag: tag(n), finishedAt: new Date(Date.now() - (10 - n) * 60_000) } });

  const [, oldest, older, newer, newest, rolledBack] = await Promise.all([
    deployment(0, "live"),
    deployment(1, "superseded"),
    deployment(2, "superseded"),
    deployment(3, "superseded"),
    deployment(4, "superseded"),
    deployment(5, "rolled_back"),
  ]);
  // 6: an image no deployment knows any more.
  for (const n of [0, 1, 2, 3, 4, 5, 6]) await docker.getImage(base).tag({ repo: repository, tag: String(n).repeat(12) });

  const { removed } = await pruneServiceImages(service.id, 2);

  expect(removed.sort()).toEqual([tag(1), tag(2), tag(5), tag(6)]);
  expect((await listRepositoryTags(docker, repository)).sort()).toEqual([tag(0), tag(3), tag(4)]);
  const pruned = await db.deployment.findMany({ where: { id: { in: [oldest.id, older.id, newer.id, newest.id, rolledBack.id] }, imagePrunedAt: { not: null } } });
  expect(pruned.map((row) => row.id).sort()).toEqual([oldest.id, older.id, rolledBack.id].sort());
  await expect(requestRollback(user, oldest.id)).rejects.toMatchObject({ code: "conflict", message: expect.stringMatching(/was removed to save space/) });

  // Nothing more to do the second time.
  expect((await pruneServiceImages(service.id, 2)).removed).toEqual([]);

  // A deployment under way whose build has tagged its image but not yet recorded it: the image stays.
  await db.deployment.create({ data: { serviceId: service.id, trigger: "webhook", status: "building", commitSha: "7".repeat(40) } });
  await docker.getImage(base).tag({ repo: repository, tag: "7".repeat(12) });
  expect((await pruneServiceImages(service.id, 2)).removed).toEqual([]);
  expect(await listRepositoryTags(docker, repository)).toContain(tag(7));

  // One whose commit is not known yet (the head of its branch, before checkout): nothing is pruned meanwhile.
  await db.deployment.create({ data: { serviceId: service.id, trigger: "manual", status: "queued" } });
  await docker.getImage(base).tag({ repo: repository, tag: "8".repeat(12) });
  expect((await pruneServiceImages(service.id, 2)).removed).toEqual([]);
  expect(await listRepositoryTags(docker, repository)).toContain(tag(8));
});
