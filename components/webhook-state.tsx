"use client";

import { useState } from "react";
import { Button } from "@/components/ui/button";
import { ErrorBox } from "@/components/ui/states";
import { useReenableWebhook, useRetryWebhook, useUpdateConnection } from "@/lib/client/hooks/use-connections";
import type { ServiceConnection } from "@/lib/client/hooks/use-services";
import { HOOK_WATCH_PREFIX } from "@/lib/shared/connections/hook-watch";
import { providerLabel } from "@/lib/shared/providers/labels";

// Whether pushes deploy, what the provider last said, and the switch to pause it.
export function WebhookState({ serviceId, connection, branch, deployHookOnly }: { serviceId: string; connection: ServiceConnection; branch: string; deployHookOnly: boolean }) {
  const retry = useRetryWebhook();
  const reenable = useReenableWebhook();
  const provider = providerLabel(connection.provider);
  // The hook exists at the provider but stopped delivering (lib/server/connections/watch-hook-health.ts).
  const stopped = connection.webhook_status === "failed" && connection.last_error?.startsWith(HOOK_WATCH_PREFIX);
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
      <div className="flex flex-wrap gap-x-6 pt-1">
        <ConnectionSwitch serviceId={serviceId} connection={connection} field="is_enabled" label="Deploy on push" />
        {deployHookOnly ? null : <ConnectionSwitch serviceId={serviceId} connection={connection} field="wait_for_ci" label="Only when CI is green" />}
      </div>
      {stopped ? (
        <Button variant="secondary" disabled={reenable.isPending} onClick={() => reenable.mutate(connection.id)}>
          {reenable.isPending ? "Re-enabling…" : `Re-enable the webhook on ${provider}`}
        </Button>
      ) : connection.webhook_status === "failed" ? (
        <Button variant="secondary" disabled={retry.isPending} onClick={() => retry.mutate(connection.id)}>
          {retry.isPending ? "Retrying…" : `Install the webhook on ${provider} again`}
        </Button>
      ) : null}
      {retry.isError ? <ErrorBox>{retry.error.message}</ErrorBox> : null}
      {reenable.isError ? <ErrorBox>{reenable.error.message}</ErrorBox> : null}
    </div>
  );
}

// "Deploy on push" pauses deployments; "Only when CI is green" holds each pushed commit until its CI runs pass.
function ConnectionSwitch({ serviceId, connection, field, label }: { serviceId: string; connection: ServiceConnection; field: "is_enabled" | "wait_for_ci"; label: string }) {
  const toggle = useUpdateConnection(serviceId);
  // The choice shows at once while it is saved; a refusal puts the stored state back.
  const [choice, setChoice] = useState<boolean | null>(null);
  return (
    <div>
      <label className="inline-flex items-center gap-2 text-sm text-slate-700">
        <input
          type="checkbox"
          checked={choice ?? connection[field]}
          onChange={(event) => {
            setChoice(event.target.checked);
            toggle.mutate({ connectionId: connection.id, patch: { [field]: event.target.checked } }, { onSettled: () => setChoice(null) });
          }}
        />
        {label}
      </label>
      {toggle.isError ? <ErrorBox>{toggle.error.message}</ErrorBox> : null}
    </div>
  );
}
