"use client";

import { useQueryClient, type QueryKey } from "@tanstack/react-query";
import Link from "next/link";
import { useEffect, useState } from "react";
import { deliveryKeys } from "@/lib/client/hooks/use-deliveries";
import { deploymentKeys } from "@/lib/client/hooks/use-deployments";
import { notificationKeys, type NotificationResponse } from "@/lib/client/hooks/use-notifications";
import { serviceKeys } from "@/lib/client/hooks/use-services";
import { ciKeys } from "@/lib/client/hooks/use-ci";
import { previewKeys } from "@/lib/client/hooks/use-previews";
import { refreshQueries } from "@/lib/client/refresh-queries";

const TOAST_MS = 8_000;

const TONE: Record<string, string> = {
  info: "border-slate-200 bg-white",
  success: "border-emerald-300 bg-emerald-50",
  warning: "border-amber-300 bg-amber-50",
  error: "border-red-300 bg-red-50",
  critical: "border-red-500 bg-red-100",
};

// One EventSource per tab: notifications become toasts, and every event refreshes the queries it touches.
export function LiveUpdates() {
  const queryClient = useQueryClient();
  const [toasts, setToasts] = useState<NotificationResponse[]>([]);

  useEffect(() => {
    const source = new EventSource("/api/events");
    const changed = (queryKey: QueryKey) => void refreshQueries(queryClient, queryKey);
    const refresh = (serviceId: string | null, deploymentId: string | null) => {
      changed(serviceKeys.all);
      changed(deliveryKeys.all);
      changed(ciKeys.all);
      changed(previewKeys.all);
      if (serviceId) changed(deploymentKeys.forService(serviceId));
      if (deploymentId) changed(deploymentKeys.one(deploymentId));
    };
    source.addEventListener("notification", (event) => {
      const notification = JSON.parse((event as MessageEvent<string>).data) as NotificationResponse;
      changed(notificationKeys.all);
      refresh(notification.service_id, notification.deployment_id);
      setToasts((current) => [...current.slice(-3), notification]);
      setTimeout(() => setToasts((current) => current.filter((toast) => toast.id !== notification.id)), TOAST_MS);
    });
    source.addEventListener("ci", () => changed(ciKeys.all));
    source.addEventListener("preview", () => changed(previewKeys.all));
    source.addEventListener("deployment", (event) => {
      const { service_id, deployment_id } = JSON.parse((event as MessageEvent<string>).data) as { service_id: string; deployment_id: string };
      refresh(service_id, deployment_id);
    });
    return () => source.close();
  }, [queryClient]);

  return (
    <div role="region" aria-live="polite" aria-label="Notifications as they happen" className="fixed bottom-4 right-4 z-50 flex w-80 max-w-[calc(100vw-2rem)] flex-col gap-2">
      {toasts.map((toast) => (
        <div key={toast.id} className={`rounded-lg border p-3 text-sm shadow-md ${TONE[toast.severity] ?? TONE.info}`}>
          <p className="whitespace-pre-line break-words">{toast.message.split("\n")[0]}</p>
          <div className="mt-2 flex gap-3 text-xs">
            {toast.deployment_id ? (
              <Link href={`/deployments/${toast.deployment_id}`} className="font-medium text-sky-700 underline">
                View deployment
              </Link>
            ) : null}
            <button type="button" className="text-slate-600 underline" onClick={() => setToasts((current) => current.filter((t) => t.id !== toast.id))}>
              Dismiss
            </button>
          </div>
        </div>
      ))}
    </div>
  );
}
