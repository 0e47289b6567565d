"use client";

import { useState } from "react";
import { Button } from "@/components/ui/button";
import { ConfirmPanel } from "@/components/ui/confirm-panel";
import { useDisconnect, type DisconnectResult } from "@/lib/client/hooks/use-connections";
import type { Connection } from "@/lib/client/hooks/use-connections";
import { providerLabel } from "@/lib/shared/providers/labels";

// Disconnecting, after a confirmation that says what happens at the provider.
export function WebhookDisconnect({ connection, onDisconnected }: { connection: Connection; onDisconnected?: (result: DisconnectResult) => void }) {
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
    <ConfirmPanel
      label="Confirm disconnect"
      question={
        connection.deploys
          ? `Disconnect ${connection.repository_full_name}? Berth removes its webhook from ${provider} and stops deploying on push. The running version keeps serving.`
          : `Stop watching the CI of ${connection.repository_full_name}? Berth removes its webhook from ${provider}. Its runs and incidents stay recorded.`
      }
      confirm="Disconnect"
      pendingConfirm="Disconnecting…"
      pending={disconnect.isPending}
      onConfirm={() => disconnect.mutate(connection.id, { onSuccess: onDisconnected })}
      onCancel={() => setConfirming(false)}
      error={disconnect.error?.message}
    />
  );
}
