"use client";

import { Button, ButtonLink } from "@/components/ui/button";
import { useRetryWebhook } from "@/lib/client/hooks/use-connections";
import type { ConnectResult } from "@/lib/client/hooks/use-repositories";
import { providerLabel } from "@/lib/shared/providers/labels";

// What connecting did: the service (if one was made), what the hook now does, and a retry if the provider
// refused it.
export function ConnectOutcome({ result }: { result: ConnectResult }) {
  const retry = useRetryWebhook();
  const connection = retry.data ?? result.connection;
  const provider = providerLabel(connection.provider);
  const service = result.service;
  const does = [
    service ? `every push to ${connection.branch ?? service.branch} deploys ${service.name}` : null,
    connection.watches_ci ? "failed CI runs become incidents" : null,
  ].filter(Boolean);
  return (
    <section aria-labelledby="connected-heading" className="space-y-4 rounded-lg border border-slate-200 bg-white p-5">
      <h2 id="connected-heading" className="text-lg font-semibold">
        Connected {connection.repository_full_name}
      </h2>
      {connection.webhook_status === "failed" ? (
        <div role="alert" className="space-y-2 rounded-md border border-red-200 bg-red-50 px-3 py-2 text-sm text-red-800">
          <p>
            {service ? "The service was created" : "The connection was made"}, but {provider} did not take the webhook: {connection.last_error}
          </p>
          <Button variant="secondary" disabled={retry.isPending} onClick={() => retry.mutate(connection.id)}>
            {retry.isPending ? "Retrying…" : "Try the webhook again"}
          </Button>
          {retry.isError ? <p>{retry.error.message}</p> : null}
        </div>
      ) : (
        <p role="status" className="rounded-md bg-emerald-50 px-3 py-2 text-sm text-emerald-800">
          ✓ Webhook installed on {provider}: {does.join(", and ")}.
        </p>
      )}
      {service ? <ButtonLink href={`/services/${service.id}`}>Open {service.name}</ButtonLink> : <ButtonLink href="/incidents">Open incidents</ButtonLink>}
    </section>
  );
}
