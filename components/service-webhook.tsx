"use client";

import Link from "next/link";
import { useState } from "react";
import { Button } from "@/components/ui/button";
import { CopyButton } from "@/components/ui/copy-button";
import { ErrorBox, Loading } from "@/components/ui/states";
import {
  useDisconnect,
  useRetryWebhook,
  useRotateSecret,
  useSetupWebhook,
  useTestDelivery,
  useWebhookSetup,
  type DisconnectResult,
} from "@/lib/hooks/use-connections";
import type { ServiceDetailResponse } from "@/lib/hooks/use-services";
import { isOAuthProvider, PROVIDER_LABELS, providerLabel } from "@/lib/providers/labels";

type Connection = NonNullable<ServiceDetailResponse["connection"]>;

// The service's webhook: where providers deliver, its secret, a signed test, and disconnecting.
export function ServiceWebhook({ service }: { service: ServiceDetailResponse }) {
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
        <ConnectedWebhook serviceId={service.id} branch={service.branch} connection={connection} onDisconnected={setDisconnected} />
      ) : (
        <NotConnected service={service} />
      )}
    </section>
  );
}

function ConnectedWebhook({ serviceId, branch, connection, onDisconnected }: { serviceId: string; branch: string; connection: Connection; onDisconnected: (result: DisconnectResult) => void }) {
  return (
    <div className="space-y-5">
      <WebhookState connection={connection} branch={branch} />
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
      <WebhookSecret serviceId={serviceId} connection={connection} />
      <TestDelivery serviceId={serviceId} />
      <Disconnect connection={connection} onDisconnected={onDisconnected} />
    </div>
  );
}

function WebhookState({ connection, branch }: { connection: Connection; branch: string }) {
  const retry = useRetryWebhook();
  const provider = providerLabel(connection.provider);
  return (
    <div className="space-y-1 text-sm">
      <p>
        {connection.webhook_status === "active" ? (
          <span className="font-medium text-emerald-700">✓ Enabled · deploys on {branch}</span>
        ) : connection.webhook_status === "failed" ? (
          <span className="font-medium text-red-700">Failed: {connection.last_error ?? `${provider} refused the webhook`}</span>
        ) : (
          <span className="font-medium text-slate-700">Waiting for the first delivery</span>
        )}
        <span className="text-slate-600">
          {" "}
          · {provider} · {connection.repository_full_name} · events {connection.events.join(", ")}
        </span>
      </p>
      <p className="text-xs text-slate-500">
        {connection.webhook_last_delivery_at ? `Last delivery ${new Date(connection.webhook_last_delivery_at).toLocaleString()}` : "No delivery yet"}
        {connection.secret_rotated_at ? ` · secret rotated ${new Date(connection.secret_rotated_at).toLocaleString()}` : ""}
      </p>
      {connection.webhook_status === "failed" ? (
        <Button variant="secondary" disabled={retry.isPending} onClick={() => retry.mutate(connection.id)}>
          {retry.isPending ? "Retrying…" : `Install the webhook on ${provider} again`}
        </Button>
      ) : null}
      {retry.isError ? <ErrorBox>{retry.error.message}</ErrorBox> : null}
    </div>
  );
}

function WebhookSecret({ serviceId, connection }: { serviceId: string; connection: Connection }) {
  const [revealed, setRevealed] = useState(false);
  const [stepsOpen, setStepsOpen] = useState(false);
  const setup = useWebhookSetup(serviceId, connection.provider, revealed || stepsOpen);
  const rotate = useRotateSecret(serviceId);
  const [confirmRotate, setConfirmRotate] = useState(false);

  return (
    <div className="space-y-3">
      <div className="space-y-1">
        <p id="webhook-secret-label" className="text-sm font-medium text-slate-700">
          Secret
        </p>
        <div className="flex flex-wrap items-center gap-2">
          <code aria-labelledby="webhook-secret-label" className="min-w-0 flex-1 basis-full truncate rounded-md bg-slate-100 px-3 py-2 text-xs sm:basis-0">
            {revealed ? (setup.data?.secret ?? "…") : "••••••••••••••••••••••••"}
          </code>
          <Button variant="secondary" aria-pressed={revealed} onClick={() => setRevealed((value) => !value)}>
            {revealed ? "Hide secret" : "Reveal secret"}
          </Button>
          {revealed && setup.data ? <CopyButton value={setup.data.secret} label="Copy secret" /> : null}
          {confirmRotate ? null : (
            <Button variant="secondary" onClick={() => setConfirmRotate(true)}>
              Rotate secret
            </Button>
          )}
        </div>
      </div>
      {confirmRotate ? (
        <div role="group" aria-label="Confirm rotation" className="flex flex-wrap items-center gap-2 rounded-md border border-amber-200 bg-amber-50 px-3 py-2 text-sm">
          <span>Make a new secret? Berth updates the provider&apos;s webhook; the old secret is still accepted for 10 minutes.</span>
          <Button
            disabled={rotate.isPending}
            onClick={() => rotate.mutate(connection.id, { onSettled: () => setConfirmRotate(false) })}
          >
            {rotate.isPending ? "Rotating…" : "Rotate"}
          </Button>
          <Button variant="secondary" onClick={() => setConfirmRotate(false)}>
            Cancel
          </Button>
        </div>
      ) : null}
      {rotate.isSuccess ? (
        <p role="status" className="text-sm text-emerald-700">
          Secret rotated and the provider&apos;s webhook updated. The old secret is accepted for 10 more minutes.
        </p>
      ) : null}
      {rotate.isError ? <ErrorBox>Could not rotate the secret: {rotate.error.message}</ErrorBox> : null}
      {setup.isError ? <ErrorBox>Could not load the webhook settings: {setup.error.message}</ErrorBox> : null}
      <details onToggle={(event) => setStepsOpen(event.currentTarget.open)} className="rounded-md border border-slate-200 px-3 py-2 text-sm">
        <summary className="cursor-pointer font-medium text-slate-700">Set it up by hand on {providerLabel(connection.provider)}</summary>
        {setup.isPending && stepsOpen ? <Loading label="Loading setup steps" className="mt-2 h-16" /> : null}
        {setup.data ? (
          <ol className="mt-2 list-decimal space-y-1 pl-5 text-slate-700">
            {setup.data.instructions.map((step) => (
              <li key={step} className="break-words">
                {step}
              </li>
            ))}
          </ol>
        ) : null}
      </details>
    </div>
  );
}

function TestDelivery({ serviceId }: { serviceId: string }) {
  const test = useTestDelivery(serviceId);
  return (
    <div className="space-y-2">
      <div className="flex flex-wrap items-center gap-3">
        <Button variant="secondary" disabled={test.isPending} onClick={() => test.mutate()}>
          {test.isPending ? "Sending…" : "Send test delivery"}
        </Button>
        <span className="text-xs text-slate-500">A signed ping through the real receiver; it is recorded and deploys nothing.</span>
      </div>
      {test.data ? (
        <div role="status" aria-label="Test delivery result" className={`rounded-md border px-3 py-2 text-sm ${test.data.ok ? "border-emerald-200 bg-emerald-50" : "border-red-200 bg-red-50"}`}>
          <p className="font-medium">
            HTTP {test.data.status} in {test.data.duration_ms} ms
          </p>
          <pre className="mt-1 overflow-x-auto text-xs">{JSON.stringify(test.data.body, null, 2)}</pre>
        </div>
      ) : null}
      {test.isError ? <ErrorBox>{test.error.message}</ErrorBox> : null}
    </div>
  );
}

function Disconnect({ connection, onDisconnected }: { connection: Connection; onDisconnected: (result: DisconnectResult) => void }) {
  const disconnect = useDisconnect();
  const [confirming, setConfirming] = useState(false);
  const provider = providerLabel(connection.provider);
  if (!confirming) {
    return (
      <Button variant="secondary" onClick={() => setConfirming(true)}>
        Disconnect repository
      </Button>
    );
  }
  return (
    <div role="group" aria-label="Confirm disconnect" className="space-y-2 rounded-md border border-red-200 bg-red-50 px-3 py-2 text-sm">
      <p>
        Disconnect {connection.repository_full_name}? Berth removes its webhook from {provider} and stops deploying on push. The running version keeps serving.
      </p>
      <div className="flex gap-2">
        <Button variant="danger" disabled={disconnect.isPending} onClick={() => disconnect.mutate(connection.id, { onSuccess: onDisconnected })}>
          {disconnect.isPending ? "Disconnecting…" : "Disconnect"}
        </Button>
        <Button variant="secondary" onClick={() => setConfirming(false)}>
          Cancel
        </Button>
      </div>
      {disconnect.isError ? <span className="text-red-700">{disconnect.error.message}</span> : null}
    </div>
  );
}

function NotConnected({ service }: { service: ServiceDetailResponse }) {
  const setup = useSetupWebhook(service.id);
  const provider = isOAuthProvider(service.provider) ? service.provider : null;
  return (
    <div className="space-y-3 text-sm">
      <p className="text-slate-600">No webhook: pushes do not deploy this service.</p>
      {provider ? (
        <div className="flex flex-wrap items-center gap-3">
          <Button disabled={setup.isPending} onClick={() => setup.mutate(provider)}>
            {setup.isPending ? "Creating…" : `Create the webhook on ${PROVIDER_LABELS[provider]}`}
          </Button>
          <span className="text-xs text-slate-500">
            Uses your linked {PROVIDER_LABELS[provider]} account (<Link href="/settings" className="underline">Settings</Link>).
          </span>
        </div>
      ) : (
        <p className="text-slate-600">This service is not on GitHub, GitLab, Bitbucket or Gitea; use its deploy hook from your CI instead.</p>
      )}
      {setup.isError ? <ErrorBox>{setup.error.message}</ErrorBox> : null}
    </div>
  );
}
