"use client";

import Link from "next/link";
import { CiStrip } from "@/components/ci-strip";
import { Button } from "@/components/ui/button";
import { ErrorBox, Loading } from "@/components/ui/states";
import { WebhookDisconnect } from "@/components/webhook-disconnect";
import { useCiOnlyConnections } from "@/lib/client/hooks/use-ci";
import { useRetryWebhook, type Connection } from "@/lib/client/hooks/use-connections";
import { providerLabel } from "@/lib/shared/providers/labels";

// Repositories whose CI Berth watches without deploying them: each with its hook's state and its runs.
export function WatchedRepositories() {
  const connections = useCiOnlyConnections();
  if (connections.isPending) return <Loading label="Loading watched repositories" className="h-24" />;
  if (connections.isError) return <ErrorBox>Could not load watched repositories: {connections.error.message}</ErrorBox>;
  return (
    <section aria-labelledby="watched-heading" className="space-y-3">
      <div className="flex flex-wrap items-baseline justify-between gap-2">
        <h2 id="watched-heading" className="text-lg font-semibold">
          Watched for CI only
        </h2>
        <Link href="/services/connect?mode=ci" className="text-sm text-sky-700 underline">
          Watch a repository&apos;s CI
        </Link>
      </div>
      {connections.data.connections.length === 0 ? (
        <p className="text-sm text-slate-600">No repository is watched without a service. Services&apos; repositories show their CI on their own page.</p>
      ) : (
        <ul aria-label="Watched repositories" className="space-y-3">
          {connections.data.connections.map((connection) => (
            <WatchedRepository key={connection.id} connection={connection} />
          ))}
        </ul>
      )}
    </section>
  );
}

function WatchedRepository({ connection }: { connection: Connection }) {
  const retry = useRetryWebhook();
  const provider = providerLabel(connection.provider);
  return (
    <li aria-label={connection.repository_full_name} className="space-y-3 rounded-lg border border-slate-200 bg-white p-4 shadow-sm">
      <div className="flex flex-wrap items-start justify-between gap-3">
        <div>
          <h3 className="font-medium">{connection.repository_full_name}</h3>
          <p className="text-sm text-slate-600">
            {provider} ·{" "}
            {connection.webhook_status === "failed" ? (
              <span className="text-red-700">webhook failed: {connection.last_error ?? `${provider} refused it`}</span>
            ) : connection.webhook_last_delivery_at ? (
              `last delivery ${new Date(connection.webhook_last_delivery_at).toLocaleString()}`
            ) : (
              "waiting for the first delivery"
            )}
          </p>
        </div>
        <div className="flex gap-2">
          {connection.webhook_status === "failed" ? (
            <Button variant="secondary" disabled={retry.isPending} onClick={() => retry.mutate(connection.id)}>
              {retry.isPending ? "Retrying…" : "Try the webhook again"}
            </Button>
          ) : null}
          <WebhookDisconnect connection={connection} />
        </div>
      </div>
      {retry.isError ? <ErrorBox>{retry.error.message}</ErrorBox> : null}
      <CiStrip of={{ connectionId: connection.id }} empty={<p className="text-sm text-slate-500">No CI runs received yet.</p>} />
    </li>
  );
}
