// Berth's one comment on a pull request: what its preview is doing, rewritten in place at every change
// (waiting for approval, building, live at its address, failed, stopped, closed). Text that comes from the
// pull request is escaped, so it cannot add links, images or mentions.
import type { DeploymentStatus, PreviewState } from "@/lib/generated/prisma/client";
import { db } from "@/lib/server/db";
import { env } from "@/lib/server/env";
import { hookManager, providerClientFor } from "@/lib/server/providers/provider-client";
import { ProviderError } from "@/lib/server/providers/types";
import { shortSha } from "@/lib/shared/git/short-sha";
import { isOAuthProvider } from "@/lib/shared/providers/labels";

export type CommentFacts = {
  service: string;
  state: PreviewState;
  approvalReason: string | null;
  headSha: string | null;
  maxPreviews: number;
  deployment: { status: DeploymentStatus; commitSha: string | null; url: string | null } | null;
  link: string;
};

const code = (text: string) => `\`${text.replace(/`/g, "'").replace(/[\r\n]+/g, " ")}\``;
// Plain text in Markdown: every character that could start a link, a mention, an image or HTML is escaped.
const plain = (text: string) => text.replace(/[\r\n]+/g, " ").replace(/[\\`*_{}[\]()#+\-.!|<>@~]/g, "\\$&");

export function commentBody(facts: CommentFacts): string {
  const service = `**${facts.service}**`;
  const commit = code(shortSha(facts.deployment?.commitSha ?? facts.headSha));
  const line = (() => {
    switch (facts.state) {
      case "awaiting_approval":
        return `⏸️ Berth has not built ${code(shortSha(facts.headSha))} for ${service}: ${plain(facts.approvalReason ?? "it needs approval")}. A member of the service can approve it in Berth.`;
      case "stopped":
        return `⏹️ Berth stopped the preview of ${service} to make room for newer ones (at most ${facts.maxPreviews} at once). A new push builds it again.`;
      case "closed":
        return `🔒 The pull request is closed: Berth removed the preview of ${service}.`;
      case "active": {
        const status = facts.deployment?.status;
        if (status === "live" && facts.deployment?.url) return `✅ The preview of ${service} at ${commit} is live: ${facts.deployment.url}`;
        if (status === "failed" || status === "rolled_back") return `❌ Berth could not deploy the preview of ${service} at ${commit}.`;
        if (status === "cancelled") return `⏭️ A newer commit replaced ${commit} before it was deployed.`;
        return `🔨 Berth is building the preview of ${service} at ${commit}.`;
      }
    }
  })();
  return `${line}\n\n[Open in Berth](${facts.link})`;
}

export async function updatePreviewComment(previewId: string): Promise<{ outcome: "commented" | "refused" | "skipped"; detail?: string }> {
  const preview = await db.preview.findUnique({
    where: { id: previewId },
    include: {
      service: { select: { id: true, name: true, maxPreviews: true, connection: { select: { provider: true, repositoryFullName: true, userId: true, ownerId: true } } } },
      previewService: { select: { deployments: { orderBy: { sequence: "desc" }, take: 1, select: { id: true, status: true, commitSha: true, url: true } } } },
    },
  });
  const connection = preview?.service.connection;
  if (!preview || !connection || !isOAuthProvider(connection.provider)) return { outcome: "skipped" };
  const deployment = preview.previewService?.deployments[0] ?? null;
  const link = new URL(deployment && preview.state === "active" ? `/deployments/${deployment.id}` : `/services/${preview.service.id}`, env().NEXTAUTH_URL).toString();
  const body = commentBody({ service: preview.service.name, state: preview.state, approvalReason: preview.approvalReason, headSha: preview.headSha, maxPreviews: preview.service.maxPreviews, deployment, link });
  try {
    const client = await providerClientFor(hookManager(connection), connection.provider);
    const { id } = await client.upsertPullRequestComment(connection.repositoryFullName, preview.number, preview.commentId, body);
    await db.preview.update({ where: { id: previewId }, data: { commentId: id, commentError: null } });
    return { outcome: "commented" };
  } catch (error) {
    if (!(error instanceof ProviderError) || error.kind === "unavailable") throw error;
    await db.preview.update({ where: { id: previewId }, data: { commentError: error.message } });
    return { outcome: "refused", detail: error.message };
  }
}
