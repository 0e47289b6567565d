"use client";

import { Button, ButtonLink } from "@/components/ui/button";
import { useRetryWebhook } from "@/lib/client/hooks/use-connections";
import type { ConnectResult } from "@/lib/client/hooks/use-repositories";
import { providerLabel } from "@/lib/shared/providers/labels";

// What connecting did: the service, and whether the provider took the webhook (with a retry if not).
export function ConnectOutcome({ result }: { result: ConnectResult }) {
  const retry = useRetryWebhook();
  const connection = retry.data ?? result.connection;
  const provider = providerLabel(connection.provider);
  return (
    <section aria-labelledby="connected-heading" className="space-y-4 rounded-lg border border-slate-200 bg-white p-5">
      <h2 id="connected-heading" className="text-lg font-semibold">
        Connected {connection.repository_full_name}
      </h2>
      {connection.webhook_status === "failed" ? (
        <div role="alert" className="space-y-2 rounded-md border border-red-200 bg-red-50 px-3 py-2 text-sm text-red-800">
          <p>The service was created, but {provider} did not take the webhook: {connection.last_error}</p>
          <Button variant="secondary" disabled={retry.isPending} onClick={() => retry.mutate(connection.id)}>
            {retry.isPending ? "Retrying…" : "Try the webhook again"}
          </Button>
          {retry.isError ? <p>{retry.error.message}</p> : null}
        </div>
      ) : (
        <p role="status" className="rounded-md bg-emerald-50 px-3 py-2 text-sm text-emerald-800">
          ✓ Webhook installed on {provider}: every push to <span className="font-mono">{connection.branch}</span> deploys {result.service.name}.
        </p>
      )}
      <ButtonLink href={`/services/${result.service.id}`}>Open {result.service.name}</ButtonLink>
    </section>
  );
}
