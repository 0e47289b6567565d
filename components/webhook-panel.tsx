"use client";

import Link from "next/link";
import { useState } from "react";
import { Button } from "@/components/ui/button";
import { CopyButton } from "@/components/ui/copy-button";
import { ErrorBox } from "@/components/ui/states";
import { DeployHook, ManualSteps } from "@/components/webhook-setup-sections";
import { WebhookDisconnect } from "@/components/webhook-disconnect";
import { WebhookSecret } from "@/components/webhook-secret";
import { WebhookState } from "@/components/webhook-state";
import { WebhookTestDelivery } from "@/components/webhook-test-delivery";
import { useCreateManualWebhook, useSetupWebhook, type DisconnectResult } from "@/lib/client/hooks/use-connections";
import type { ServiceConnection, ServiceDetailResponse } from "@/lib/client/hooks/use-services";
import { isOAuthProvider, PROVIDER_LABELS } from "@/lib/shared/providers/labels";

// The service's webhook: where providers deliver, its secret, a signed test, and disconnecting.
export function WebhookPanel({ service }: { service: ServiceDetailResponse }) {
  const [disconnected, setDisconnected] = useState<DisconnectResult | null>(null);
  const connection = service.connection;
  return (
    <section aria-labelledby="webhook-heading" className="space-y-4 rounded-lg border border-slate-200 bg-white p-5">
      <div className="flex flex-wrap items-center justify-between gap-2">
        <h2 id="webhook-heading" className="text-lg font-semibold">
          Webhook
        </h2>
        <Link href={`/deliveries?service_id=${service.id}`} className="text-sm text-sky-700 underline">
          Deliveries
        </Link>
      </div>
      {disconnected ? (
        <p role="status" className={`rounded-md px-3 py-2 text-sm ${disconnected.webhook_deleted ? "bg-emerald-50 text-emerald-800" : "bg-amber-50 text-amber-900"}`}>
          {disconnected.message}
        </p>
      ) : null}
      {connection?.has_secret ? (
        <ConnectedWebhook service={service} connection={connection} onDisconnected={setDisconnected} />
      ) : (
        <NotConnected service={service} />
      )}
    </section>
  );
}

// A provider's webhook, or, for a plain Git server, only the deploy hook its CI calls.
function ConnectedWebhook({ service, connection, onDisconnected }: { service: ServiceDetailResponse; connection: ServiceConnection; onDisconnected: (result: DisconnectResult) => void }) {
  const deployHookOnly = !isOAuthProvider(service.provider);
  return (
    <div className="space-y-5">
      <WebhookState serviceId={service.id} connection={connection} branch={service.branch} deployHookOnly={deployHookOnly} />
      {deployHookOnly ? null : (
        <div className="space-y-1">
          <p id="webhook-url-label" className="text-sm font-medium text-slate-700">
            Payload URL
          </p>
          <div className="flex items-center gap-2">
            <code aria-labelledby="webhook-url-label" className="min-w-0 flex-1 truncate rounded-md bg-slate-100 px-3 py-2 text-xs">
              {connection.webhook_url}
            </code>
            <CopyButton value={connection.webhook_url} label="Copy payload URL" />
          </div>
        </div>
      )}
      <WebhookSecret serviceId={service.id} connection={connection} />
      {deployHookOnly ? null : <ManualSteps serviceId={service.id} provider={connection.provider} />}
      <DeployHook serviceId={service.id} provider={connection.provider} initiallyOpen={deployHookOnly} />
      {deployHookOnly ? null : <WebhookTestDelivery serviceId={service.id} />}
      <WebhookDisconnect connection={connection} onDisconnected={onDisconnected} />
    </div>
  );
}

function NotConnected({ service }: { service: ServiceDetailResponse }) {
  const setup = useSetupWebhook(service.id);
  const manual = useCreateManualWebhook(service.id);
  // A plain Git server has no webhook format of its own: its URL and secret serve the deploy hook.
  const provider = isOAuthProvider(service.provider) ? service.provider : null;
  return (
    <div className="space-y-3 text-sm">
      <p className="text-slate-600">No webhook: pushes do not deploy this service.</p>
      <div className="flex flex-wrap items-center gap-3">
        {provider ? (
          <Button disabled={setup.isPending} onClick={() => setup.mutate(provider)}>
            {setup.isPending ? "Creating…" : `Create the webhook on ${PROVIDER_LABELS[provider]}`}
          </Button>
        ) : null}
        <Button variant="secondary" disabled={manual.isPending} onClick={() => manual.mutate(provider ?? "github")}>
          {manual.isPending ? "Creating…" : provider ? "Set it up by hand" : "Create a deploy hook"}
        </Button>
      </div>
      <p className="text-xs text-slate-500">
        {provider ? (
          <>
            Creating it uses your linked {PROVIDER_LABELS[provider]} account (<Link href="/settings" className="underline">Settings</Link>); by hand, you paste a URL and a
            secret into {PROVIDER_LABELS[provider]}&apos;s settings.
          </>
        ) : (
          "Pushes to this Git server cannot reach Berth by themselves; call the deploy hook from your CI."
        )}
      </p>
      {setup.isError ? <ErrorBox>{setup.error.message}</ErrorBox> : null}
      {manual.isError ? <ErrorBox>{manual.error.message}</ErrorBox> : null}
    </div>
  );
}
