"use client";

import { useRouter } from "next/navigation";
import { useState } from "react";
import { DeploymentHistory } from "@/components/deployment-history";
import { EditServiceForm } from "@/components/service-form";
import { WebhookPanel } from "@/components/webhook-panel";
import { Button } from "@/components/ui/button";
import { ErrorBox, Loading } from "@/components/ui/states";
import { ServiceStatus } from "@/components/ui/status-pill";
import { HttpError } from "@/lib/http-client";
import { useDeleteService, useService } from "@/lib/hooks/use-services";

export function ServiceDetail({ id }: { id: string }) {
  const service = useService(id);

  if (service.isPending) return <Loading label="Loading service" className="h-40" />;
  if (service.isError) {
    const missing = service.error instanceof HttpError && service.error.status === 404;
    return (
      <ErrorBox>{missing ? "This service does not exist, or it is not yours." : `Could not load the service: ${service.error.message}`}</ErrorBox>
    );
  }

  const data = service.data;
  return (
    <div className="space-y-8">
      <div className="flex flex-wrap items-start justify-between gap-4">
        <div>
          <div className="flex items-center gap-3">
            <h1 className="text-2xl font-semibold tracking-tight">{data.name}</h1>
            <ServiceStatus status={data.status} />
          </div>
          <p className="mt-1 text-sm text-slate-600">
            {data.repository_full_name ?? data.clone_url} · deploys <span className="font-mono">{data.branch}</span>
          </p>
        </div>
        <DeleteService id={data.id} name={data.name} />
      </div>
      <DeploymentHistory serviceId={data.id} branch={data.branch} />
      <WebhookPanel service={data} />
      <EditServiceForm service={data} />
    </div>
  );
}

function DeleteService({ id, name }: { id: string; name: string }) {
  const router = useRouter();
  const remove = useDeleteService(id);
  const [confirming, setConfirming] = useState(false);

  if (!confirming) {
    return (
      <Button variant="secondary" onClick={() => setConfirming(true)}>
        Delete service
      </Button>
    );
  }
  return (
    <div role="group" aria-label="Confirm deletion" className="flex flex-wrap items-center gap-2 rounded-md border border-red-200 bg-red-50 px-3 py-2 text-sm">
      <span>Delete {name} and its history?</span>
      <Button
        variant="danger"
        disabled={remove.isPending}
        onClick={() => remove.mutate(undefined, { onSuccess: () => router.push("/") })}
      >
        {remove.isPending ? "Deleting…" : "Delete"}
      </Button>
      <Button variant="secondary" onClick={() => setConfirming(false)}>
        Cancel
      </Button>
      {remove.isError ? <span className="text-red-700">{remove.error.message}</span> : null}
    </div>
  );
}
