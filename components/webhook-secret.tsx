"use client";

import { useState } from "react";
import { Button } from "@/components/ui/button";
import { ConfirmPanel } from "@/components/ui/confirm-panel";
import { CopyButton } from "@/components/ui/copy-button";
import { ErrorBox } from "@/components/ui/states";
import { useRotateSecret, useWebhookSetup } from "@/lib/client/hooks/use-connections";
import type { ServiceConnection } from "@/lib/client/hooks/use-services";

// The secret, hidden until asked for, and its rotation.
export function WebhookSecret({ serviceId, connection }: { serviceId: string; connection: ServiceConnection }) {
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
        <ConfirmPanel
          label="Confirm rotation"
          tone="caution"
          question="Make a new secret? Berth updates the provider's webhook; the old secret is still accepted for 10 minutes."
          confirm="Rotate"
          pendingConfirm="Rotating…"
          pending={rotate.isPending}
          onConfirm={() => rotate.mutate(connection.id, { onSettled: () => setConfirmRotate(false) })}
          onCancel={() => setConfirmRotate(false)}
        />
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
