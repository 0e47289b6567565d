"use client";

import { Button } from "@/components/ui/button";
import { ErrorBox } from "@/components/ui/states";
import { useTestDelivery } from "@/lib/client/hooks/use-connections";

// A signed ping through the service's own receiver, and the answer it got.
export function WebhookTestDelivery({ serviceId }: { serviceId: string }) {
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
