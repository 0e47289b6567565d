"use client";

import { useRouter } from "next/navigation";
import { useState } from "react";
import { CiStrip } from "@/components/ci-strip";
import { DeploymentHistory } from "@/components/deployment-history";
import { PreviewList } from "@/components/preview-list";
import { EditServiceForm } from "@/components/service-form";
import { WebhookPanel } from "@/components/webhook-panel";
import { Button } from "@/components/ui/button";
import { ConfirmPanel } from "@/components/ui/confirm-panel";
import { ErrorBox, Loading } from "@/components/ui/states";
import { ServiceStatus } from "@/components/ui/status-pill";
import { HttpError } from "@/lib/client/api-fetch";
import { useDeleteService, useService, type ServiceResponse } from "@/lib/client/hooks/use-services";

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
            {data.repository_full_name ?? data.clone_url} · deploys <span className="font-mono">{data.branch}</span> · {targetLabel(data.target)}
          </p>
        </div>
        <DeleteService id={data.id} name={data.name} />
      </div>
      <DeploymentHistory serviceId={data.id} branch={data.branch} />
      {data.connection && !data.preview_of ? <PreviewList serviceId={data.id} /> : null}
      <CiStrip of={{ serviceId: data.id }} />
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
    <ConfirmPanel
      label="Confirm deletion"
      question={`Delete ${name} and its history?`}
      confirm="Delete"
      pendingConfirm="Deleting…"
      pending={remove.isPending}
      onConfirm={() => remove.mutate(undefined, { onSuccess: () => router.push("/") })}
      onCancel={() => setConfirming(false)}
      error={remove.error?.message}
    />
  );
}

function targetLabel(target: ServiceResponse["target"]): string {
  if (target.kind === "swarm") return `on Docker Swarm, ${target.replicas} replica${target.replicas === 1 ? "" : "s"}`;
  if (target.kind === "portainer") return `to Portainer stack ${target.stack_id}`;
  return "as a container";
}
