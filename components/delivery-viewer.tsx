"use client";

import Link from "next/link";
import { useEffect, useRef } from "react";
import { Button } from "@/components/ui/button";
import { ErrorBox, Loading } from "@/components/ui/states";
import { StatusPill } from "@/components/ui/status-pill";
import { useDelivery, useReplayDelivery } from "@/lib/client/hooks/use-deliveries";

// Stored payloads are at most 1 MB (lib/server/webhooks/stored-payload.ts); the browser shows the first 200 KB
// of the formatted text.
const SHOWN_CHARACTERS = 200_000;

// The note Berth leaves in a payload it stored trimmed, said in words.
function TrimNote({ payload }: { payload: unknown }) {
  const note = typeof payload === "object" && payload !== null && "_berth" in payload ? (payload)._berth : null;
  if (typeof note !== "object" || note === null || !("received_bytes" in note) || !("kept" in note)) return null;
  const { received_bytes: received, kept } = note as { received_bytes: number; kept: string };
  return (
    <p className="mt-2 text-xs text-amber-800">
      Stored trimmed ({(received / 1024 / 1024).toFixed(1)} MB arrived): {kept}.
    </p>
  );
}

function payloadText(payload: unknown): string {
  const text = JSON.stringify(payload, null, 2);
  return text.length <= SHOWN_CHARACTERS ? text : `${text.slice(0, SHOWN_CHARACTERS)}\n… ${(text.length - SHOWN_CHARACTERS).toLocaleString()} more characters not shown`;
}

// One delivery as it arrived (headers without secrets, the payload) and a replay through the same decision.
export function DeliveryViewer({ id, onClose }: { id: string; onClose: () => void }) {
  const delivery = useDelivery(id);
  const replay = useReplayDelivery();
  const heading = useRef<HTMLHeadingElement>(null);

  // Mounted afresh (keyed by id) for each delivery opened, so keyboard users land on it.
  useEffect(() => heading.current?.focus(), []);

  return (
    <section aria-labelledby="delivery-heading" className="space-y-4 rounded-lg border border-slate-200 bg-white p-5">
      <div className="flex flex-wrap items-center justify-between gap-2">
        <h2 id="delivery-heading" ref={heading} tabIndex={-1} className="text-lg font-semibold focus:outline-none">
          Delivery {delivery.data?.delivery_id ?? id}
        </h2>
        <Button variant="secondary" onClick={onClose}>
          Close
        </Button>
      </div>
      {delivery.isPending ? <Loading label="Loading delivery" className="h-40" /> : null}
      {delivery.isError ? <ErrorBox>Could not load the delivery: {delivery.error.message}</ErrorBox> : null}
      {delivery.data ? (
        <>
          <p className="flex flex-wrap items-center gap-2 text-sm text-slate-700">
            <StatusPill status={delivery.data.status} />
            {delivery.data.provider} · {delivery.data.event}
            {delivery.data.action ? ` (${delivery.data.action})` : ""} · {new Date(delivery.data.received_at).toLocaleString()}
            {delivery.data.reason ? <span className="text-slate-500">· {delivery.data.reason}</span> : null}
          </p>
          <div className="flex flex-wrap items-center gap-3">
            <Button disabled={replay.isPending || !delivery.data.signature_valid || delivery.data.payload === null} onClick={() => replay.mutate(id)}>
              {replay.isPending ? "Replaying…" : "Replay"}
            </Button>
            {!delivery.data.signature_valid ? <span className="text-xs text-slate-500">Unverified deliveries cannot be replayed.</span> : null}
          </div>
          {replay.data ? (
            <p role="status" aria-label="Replay result" className="rounded-md bg-emerald-50 px-3 py-2 text-sm text-emerald-900">
              Replayed: {replay.data.status}
              {replay.data.message ? ` — ${replay.data.message}` : ""}
              {replay.data.deployment_id ? (
                <>
                  {" · "}
                  <Link href={`/deployments/${replay.data.deployment_id}`} className="font-medium underline">
                    View deployment
                  </Link>
                </>
              ) : null}
            </p>
          ) : null}
          {replay.isError ? <ErrorBox>Replay failed: {replay.error.message}</ErrorBox> : null}
          <details open className="text-sm">
            <summary className="cursor-pointer font-medium text-slate-700">Headers</summary>
            <table className="mt-2 w-full text-left font-mono text-xs">
              <tbody>
                {Object.entries(delivery.data.headers as Record<string, string>).map(([name, value]) => (
                  <tr key={name} className="border-t border-slate-100 align-top">
                    <th scope="row" className="whitespace-nowrap py-1 pr-3 font-medium text-slate-600">
                      {name}
                    </th>
                    <td className="break-all py-1">{value}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </details>
          <details open className="text-sm">
            <summary className="cursor-pointer font-medium text-slate-700">Payload</summary>
            <TrimNote payload={delivery.data.payload} />
            <pre aria-label="Payload" className="mt-2 max-h-96 overflow-auto rounded-md bg-slate-900 p-3 text-xs text-slate-100">
              {delivery.data.payload === null ? "(not stored: the delivery was not verified)" : payloadText(delivery.data.payload)}
            </pre>
          </details>
        </>
      ) : null}
    </section>
  );
}
