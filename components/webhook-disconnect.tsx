"use client";

import { useState } from "react";
import { Button } from "@/components/ui/button";
import { useDisconnect, type DisconnectResult } from "@/lib/hooks/use-connections";
import type { ServiceConnection } from "@/lib/hooks/use-services";
import { providerLabel } from "@/lib/providers/labels";

// Disconnecting, after a confirmation that says what happens at the provider.
export function WebhookDisconnect({ connection, onDisconnected }: { connection: ServiceConnection; onDisconnected: (result: DisconnectResult) => void }) {
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
