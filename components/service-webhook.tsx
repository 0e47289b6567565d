"use client";

import Link from "next/link";
import { useState, type ReactNode } from "react";
import { Button } from "@/components/ui/button";
import { CopyButton } from "@/components/ui/copy-button";
import { ErrorBox, Loading } from "@/components/ui/states";
import {
  useCreateManualWebhook,
  useDisconnect,
  useRetryWebhook,
  useRotateSecret,
  useSetupWebhook,
  useSetWebhookEnabled,
  useTestDelivery,
  useWebhookSetup,
  type DisconnectResult,
  type WebhookSetup,
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
        <ConnectedWebhook service={service} connection={connection} onDisconnected={setDisconnected} />
      ) : (
        <NotConnected service={service} />
      )}
    </section>
  );
}

// A provider's webhook, or, for a plain Git server, only the deploy hook its CI calls.
function ConnectedWebhook({ service, connection, onDisconnected }: { service: ServiceDetailResponse; connection: Connection; onDisconnected: (result: DisconnectResult) => void }) {
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
      {deployHookOnly ? null : <TestDelivery serviceId={service.id} />}
      <Disconnect connection={connection} onDisconnected={onDisconnected} />
    </div>
  );
}

function WebhookState({ serviceId, connection, branch, deployHookOnly }: { serviceId: string; connection: Connection; branch: string; deployHookOnly: boolean }) {
  const retry = useRetryWebhook();
  const provider = providerLabel(connection.provider);
  return (
    <div className="space-y-1 text-sm">
      <p>
        {!connection.is_enabled ? (
          <span className="font-medium text-amber-700">Paused: deliveries are recorded, nothing deploys</span>
        ) : connection.webhook_status === "active" ? (
          <span className="font-medium text-emerald-700">✓ Enabled · deploys on {branch}</span>
        ) : connection.webhook_status === "failed" ? (
          <span className="font-medium text-red-700">Failed: {connection.last_error ?? `${provider} refused the webhook`}</span>
        ) : (
          <span className="font-medium text-slate-700">Waiting for the first delivery</span>
        )}
        <span className="text-slate-600">{deployHookOnly ? " · deploy hook" : ` · ${provider} · ${connection.repository_full_name} · events ${connection.events.join(", ")}`}</span>
      </p>
      <p className="text-xs text-slate-500">
        {connection.webhook_last_delivery_at ? `Last delivery ${new Date(connection.webhook_last_delivery_at).toLocaleString()}` : "No delivery yet"}
        {connection.secret_rotated_at ? ` · secret rotated ${new Date(connection.secret_rotated_at).toLocaleString()}` : ""}
      </p>
      <DeployOnPush serviceId={serviceId} connection={connection} />
      {connection.webhook_status === "failed" ? (
        <Button variant="secondary" disabled={retry.isPending} onClick={() => retry.mutate(connection.id)}>
          {retry.isPending ? "Retrying…" : `Install the webhook on ${provider} again`}
        </Button>
      ) : null}
      {retry.isError ? <ErrorBox>{retry.error.message}</ErrorBox> : null}
    </div>
  );
}

function DeployOnPush({ serviceId, connection }: { serviceId: string; connection: Connection }) {
  const toggle = useSetWebhookEnabled(serviceId);
  // The choice shows at once while it is saved; a refusal puts the stored state back.
  const [choice, setChoice] = useState<boolean | null>(null);
  return (
    <div className="pt-1">
      <label className="inline-flex items-center gap-2 text-sm text-slate-700">
        <input
          type="checkbox"
          checked={choice ?? connection.is_enabled}
          onChange={(event) => {
            setChoice(event.target.checked);
            toggle.mutate({ connectionId: connection.id, enabled: event.target.checked }, { onSettled: () => setChoice(null) });
          }}
        />
        Deploy on push
      </label>
      {toggle.isError ? <ErrorBox>{toggle.error.message}</ErrorBox> : null}
    </div>
  );
}

function WebhookSecret({ serviceId, connection }: { serviceId: string; connection: Connection }) {
  const [revealed, setRevealed] = useState(false);
  const setup = useWebhookSetup(serviceId, connection.provider, revealed);
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
          <Button disabled={rotate.isPending} onClick={() => rotate.mutate(connection.id, { onSettled: () => setConfirmRotate(false) })}>
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
      {setup.isError ? <ErrorBox>Could not load the secret: {setup.error.message}</ErrorBox> : null}
    </div>
  );
}

// A section that fetches the webhook settings the first time it is opened.
function SetupSection({ serviceId, provider, title, initiallyOpen = false, children }: { serviceId: string; provider: string; title: string; initiallyOpen?: boolean; children: (setup: WebhookSetup) => ReactNode }) {
  const [open, setOpen] = useState(initiallyOpen);
  const setup = useWebhookSetup(serviceId, provider, open);
  return (
    <details open={initiallyOpen} onToggle={(event) => setOpen(event.currentTarget.open)} className="rounded-md border border-slate-200 px-3 py-2 text-sm">
      <summary className="cursor-pointer font-medium text-slate-700">{title}</summary>
      {open && setup.isPending ? <Loading label={`Loading ${title.toLowerCase()}`} className="mt-2 h-16" /> : null}
      {setup.isError ? <ErrorBox>{setup.error.message}</ErrorBox> : null}
      {setup.data ? <div className="mt-2 text-slate-700">{children(setup.data)}</div> : null}
    </details>
  );
}

function ManualSteps({ serviceId, provider }: { serviceId: string; provider: string }) {
  return (
    <SetupSection serviceId={serviceId} provider={provider} title={`Set it up by hand on ${providerLabel(provider)}`}>
      {(setup) => (
        <ol className="list-decimal space-y-1 pl-5">
          {setup.instructions.map((step) => (
            <li key={step} className="break-words">
              {step}
            </li>
          ))}
        </ol>
      )}
    </SetupSection>
  );
}

const code = "break-all rounded bg-slate-100 px-1 text-xs";

function DeployHook({ serviceId, provider, initiallyOpen }: { serviceId: string; provider: string; initiallyOpen: boolean }) {
  return (
    <SetupSection serviceId={serviceId} provider={provider} title="Deploy hook, for CI" initiallyOpen={initiallyOpen}>
      {(setup) => (
        <p>
          POST to <code className={code}>{setup.deploy_hook.url}</code>, optionally with <code className={code}>{'{"commit": "<sha>"}'}</code>, signed as{" "}
          <code className={code}>{setup.deploy_hook.signature_header}</code> with the secret above, or with Standard Webhooks, whose secret is{" "}
          <code className={code}>whsec_</code> followed by the base64 of the secret above.
        </p>
      )}
    </SetupSection>
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
