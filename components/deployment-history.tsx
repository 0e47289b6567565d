"use client";

import Link from "next/link";
import { useState, type FormEvent } from "react";
import { Button } from "@/components/ui/button";
import { DataTable } from "@/components/ui/data-table";
import { EmptyState, ErrorBox, Loading } from "@/components/ui/states";
import { StatusPill } from "@/components/ui/status-pill";
import { useDeployments, useRequestDeployment, useRollback, type DeploymentResponse } from "@/lib/client/hooks/use-deployments";
import { shortSha } from "@/lib/shared/git/short-sha";
import { providerLabel } from "@/lib/shared/providers/labels";

function duration(deployment: DeploymentResponse): string {
  if (!deployment.finished_at) return "";
  const seconds = (Date.parse(deployment.finished_at) - Date.parse(deployment.created_at)) / 1000;
  return seconds < 60 ? `${seconds.toFixed(0)} s` : `${Math.round(seconds / 60)} min`;
}

export function DeploymentHistory({ serviceId, branch }: { serviceId: string; branch: string }) {
  const deployments = useDeployments(serviceId);
  const rollback = useRollback(serviceId);

  return (
    <section aria-labelledby="deployments-heading" className="space-y-4">
      <div className="flex flex-wrap items-end justify-between gap-4">
        <h2 id="deployments-heading" className="text-lg font-semibold">
          Deployments
        </h2>
        <DeployForm serviceId={serviceId} branch={branch} />
      </div>
      {deployments.isPending ? <Loading label="Loading deployments" /> : null}
      {deployments.isError ? <ErrorBox>Could not load deployments: {deployments.error.message}</ErrorBox> : null}
      {deployments.data?.length === 0 ? <EmptyState>No deployments yet. Push to {branch} or deploy it now.</EmptyState> : null}
      {deployments.data && deployments.data.length > 0 ? (
        <DataTable columns={["Status", "Commit", "Trigger", "Started", "Took", "Told the provider"]}>
          {deployments.data.map((deployment) => (
            <tr key={deployment.id} className="border-t border-slate-100 align-top">
              <td className="px-3 py-2">
                <StatusPill status={deployment.status} />
              </td>
              <td className="px-3 py-2">
                <Link href={`/deployments/${deployment.id}`} className="font-mono text-sky-700 underline">
                  {shortSha(deployment.commit_sha)}
                </Link>
                {deployment.commit_message ? <span className="ml-2 text-slate-700">{deployment.commit_message}</span> : null}
                {deployment.commit_author ? <span className="block text-xs text-slate-500">{deployment.commit_author}</span> : null}
                {deployment.error ? <span className="block text-xs text-red-700">{deployment.error}</span> : null}
              </td>
              <td className="px-3 py-2 text-slate-600">{deployment.trigger.replace("_", " ")}</td>
              <td className="px-3 py-2 text-slate-600">{new Date(deployment.created_at).toLocaleString()}</td>
              <td className="px-3 py-2 text-slate-600">{duration(deployment)}</td>
              <td className="px-3 py-2">
                <ProviderStatus status={deployment.provider_status} />
              </td>
              <td className="px-3 py-2 text-right">
                {deployment.status === "superseded" && deployment.image_pruned_at ? (
                  <span className="text-xs text-slate-500" title={`${deployment.image_tag} was removed to save space`}>
                    image removed
                  </span>
                ) : deployment.status === "superseded" && deployment.image_tag ? (
                  <Button variant="secondary" className="px-2 py-1 text-xs" disabled={rollback.isPending} onClick={() => rollback.mutate(deployment.id)}>
                    Roll back to this
                  </Button>
                ) : null}
              </td>
            </tr>
          ))}
        </DataTable>
      ) : null}
      {rollback.isError ? <ErrorBox>{rollback.error.message}</ErrorBox> : null}
    </section>
  );
}

// The commit status last sent for the deployment, or the provider's refusal in its own words.
function ProviderStatus({ status }: { status: DeploymentResponse["provider_status"] }) {
  if (!status) return <span className="text-xs text-slate-400">—</span>;
  const provider = providerLabel(status.provider);
  if (status.outcome === "sent") return <span className="text-xs text-slate-600">{`${provider}: ${status.state}`}</span>;
  return (
    <span className="block max-w-xs text-xs text-amber-800">
      {status.outcome === "refused" ? `${provider} refused the ${status.state} status` : `${provider} could not be reached`}
      {status.detail ? <span className="block text-slate-600">{status.detail}</span> : null}
    </span>
  );
}

function DeployForm({ serviceId, branch }: { serviceId: string; branch: string }) {
  const deploy = useRequestDeployment(serviceId);
  const [sha, setSha] = useState("");

  function submit(event: FormEvent) {
    event.preventDefault();
    deploy.mutate(sha.trim() ? { commit_sha: sha.trim() } : {}, { onSuccess: () => setSha("") });
  }

  return (
    <form onSubmit={submit} className="flex flex-wrap items-end gap-2">
      <label className="text-xs text-slate-600">
        Commit (optional)
        <input
          value={sha}
          onChange={(event) => setSha(event.target.value)}
          placeholder={`head of ${branch}`}
          className="mt-1 block w-56 rounded-md border border-slate-300 px-2 py-1.5 font-mono text-sm"
        />
      </label>
      <Button type="submit" disabled={deploy.isPending}>
        {deploy.isPending ? "Queuing…" : "Deploy"}
      </Button>
      {deploy.isError ? (
        <span role="alert" className="w-full text-sm text-red-700">
          {deploy.error.message}
        </span>
      ) : null}
    </form>
  );
}
