// Previews whose pull request closed while Berth was not listening (down, or the hook failed): each open
// preview's pull request is looked up at its provider, and a closed one's preview is removed. Run when
// the server starts and every PREVIEW_SWEEP_MS after (a preview/sweep event each time).
import { db } from "@/lib/server/db";
import { logger } from "@/lib/server/logger";
import { enqueue } from "@/lib/server/outbox/enqueue";
import { hookManager, providerClientFor } from "@/lib/server/providers/provider-client";
import { isOAuthProvider } from "@/lib/shared/providers/labels";
import { stop } from "./track-pull-request";

export const PREVIEW_SWEEP_MS = 10 * 60_000;

export async function sweepClosedPreviews(): Promise<{ checked: number; removed: number; unknown: number }> {
  const open = await db.preview.findMany({
    where: { state: { in: ["active", "awaiting_approval"] } },
    include: { service: { select: { connection: { select: { provider: true, repositoryFullName: true, userId: true, ownerId: true } } } } },
  });
  let removed = 0;
  let unknown = 0;
  for (const preview of open) {
    const connection = preview.service.connection;
    if (!connection || !isOAuthProvider(connection.provider)) continue;
    try {
      const client = await providerClientFor(hookManager(connection), connection.provider);
      if (await client.pullRequestOpen(connection.repositoryFullName, preview.number)) continue;
      await db.$transaction(async (tx) => {
        await tx.$executeRaw`SELECT pg_advisory_xact_lock(hashtextextended(${`previews:${preview.serviceId}`}, 0))`;
        const current = await tx.preview.findUniqueOrThrow({ where: { id: preview.id } });
        if (current.state !== "closed") await stop(tx, current, "closed");
      });
      removed++;
    } catch (error) {
      // The provider could not say: the preview stays until a later sweep (or the close delivery) can.
      unknown++;
      logger.warn({ previewId: preview.id, err: error }, "could not ask the provider whether a preview's pull request is open");
    }
  }
  return { checked: open.length, removed, unknown };
}

// Asks the workflow for a sweep now and every PREVIEW_SWEEP_MS while this process runs.
export function scheduleSweeps(): void {
  const request = () => {
    enqueue(db, { name: "preview/sweep", data: {} }).catch((error: unknown) => logger.warn({ err: error }, "could not schedule a preview sweep"));
  };
  request();
  setInterval(request, PREVIEW_SWEEP_MS).unref();
}
