// A deployment's log as a live stream: stored lines after the client's cursor, then new ones as they are
// written, ending once the deployment has finished and every line was sent.
import { db } from "@/lib/server/db";
import { subscribeLive } from "@/lib/server/live/live-events";
import { closeOnError, serialPump, type SseSink } from "@/lib/server/live/sse";
import { isActive } from "@/lib/shared/deployments/statuses";

const PAGE = 1_000;

export async function streamDeploymentLogs(deploymentId: string, after: bigint, sink: SseSink): Promise<() => void> {
  let cursor = after;
  const pump = serialPump(async () => {
    for (;;) {
      const lines = await db.deploymentLog.findMany({ where: { deploymentId, id: { gt: cursor } }, orderBy: { id: "asc" }, take: PAGE });
      for (const line of lines) {
        sink.send({ id: line.id.toString(), data: { step: line.step, stream: line.stream, line: line.line, created_at: line.createdAt.toISOString() } });
        cursor = line.id;
      }
      if (lines.length < PAGE) break;
    }
    const deployment = await db.deployment.findUnique({ where: { id: deploymentId }, select: { status: true } });
    if (!deployment || !isActive(deployment.status)) {
      sink.send({ event: "end", data: { status: deployment?.status ?? "deleted" } });
      sink.close();
    }
  }, closeOnError(sink, "deployment log"));
  const unsubscribe = await subscribeLive((event) => {
    if ((event.type === "log" || event.type === "deployment") && event.deploymentId === deploymentId) pump();
  }, pump);
  pump();
  return unsubscribe;
}
