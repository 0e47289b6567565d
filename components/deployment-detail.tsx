"use client";

import Link from "next/link";
import { useState } from "react";
import { DeploymentLog, type LogLine } from "@/components/deployment-log";
import { DeploymentSteps } from "@/components/deployment-steps";
import { ErrorBox, Loading } from "@/components/ui/states";
import { StatusPill } from "@/components/ui/status-pill";
import { HttpError } from "@/lib/client/api-fetch";
import { useDeployment } from "@/lib/client/hooks/use-deployments";
import { useService } from "@/lib/client/hooks/use-services";

export function DeploymentDetail({ id }: { id: string }) {
  const deployment = useDeployment(id);
  const service = useService(deployment.data?.service_id ?? "");
  const [lines, setLines] = useState<LogLine[]>([]);

  if (deployment.isPending) return <Loading label="Loading deployment" className="h-40" />;
  if (deployment.isError) {
    const missing = deployment.error instanceof HttpError && deployment.error.status === 404;
    return <ErrorBox>{missing ? "This deployment does not exist, or it is not yours." : `Could not load the deployment: ${deployment.error.message}`}</ErrorBox>;
  }

  const data = deployment.data;
  return (
    <div className="space-y-6">
      <div>
        <p className="text-sm text-slate-600">
          <Link href={`/services/${data.service_id}`} className="text-sky-700 underline">
            {service.data?.name ?? "Service"}
          </Link>
        </p>
        <div className="mt-1 flex flex-wrap items-center gap-3">
          <h1 className="text-2xl font-semibold tracking-tight">
            Deployment <span className="font-mono">{data.commit_sha?.slice(0, 7) ?? "of the branch head"}</span>
          </h1>
          <StatusPill status={data.status} />
        </div>
        <p className="mt-1 text-sm text-slate-700">
          {data.commit_message ?? ""} {data.commit_author ? <span className="text-slate-500">by {data.commit_author}</span> : null}
        </p>
        <p className="mt-1 text-xs text-slate-500">
          {data.trigger.replace("_", " ")} · requested {new Date(data.created_at).toLocaleString()}
          {data.finished_at ? ` · finished ${new Date(data.finished_at).toLocaleString()}` : ""}
        </p>
        {data.url && data.status === "live" ? (
          <p className="mt-2 text-sm">
            Serving at{" "}
            <a href={data.url} className="font-mono text-sky-700 underline" target="_blank" rel="noreferrer">
              {data.url}
            </a>
          </p>
        ) : null}
        {data.error ? (
          <p role="alert" className="mt-2 rounded-md border border-red-200 bg-red-50 px-3 py-2 text-sm text-red-800">
            {data.error}
          </p>
        ) : null}
      </div>
      <DeploymentSteps lines={lines} status={data.status} />
      <DeploymentLog key={id} deploymentId={id} onLines={setLines} />
    </div>
  );
}
