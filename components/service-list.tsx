"use client";

import Link from "next/link";
import { useState } from "react";
import { ButtonLink } from "@/components/ui/button";
import { ScopeSwitch } from "@/components/ui/scope-switch";
import { ErrorBox } from "@/components/ui/states";
import { ServiceStatus } from "@/components/ui/status-pill";
import { useRetryWebhook } from "@/lib/client/hooks/use-connections";
import { useServices, type ServiceSummary } from "@/lib/client/hooks/use-services";
import type { ListScope } from "@/lib/shared/validations/list-scope";
import { shortSha } from "@/lib/shared/git/short-sha";

// An admin can switch between their own services and everyone's.
export function ServiceList({ isAdmin = false }: { isAdmin?: boolean }) {
  const [scope, setScope] = useState<ListScope>("mine");
  return (
    <div className="space-y-3">
      {isAdmin ? <ScopeSwitch label="Whose services" scope={scope} onChange={setScope} /> : null}
      <Services scope={scope} />
    </div>
  );
}

function Services({ scope }: { scope: ListScope }) {
  const services = useServices(scope);

  if (services.isPending) {
    return (
      <div aria-busy="true" aria-label="Loading services" className="space-y-2">
        {[0, 1, 2].map((row) => (
          <div key={row} className="h-16 animate-pulse rounded-lg bg-slate-200/70" />
        ))}
      </div>
    );
  }

  if (services.isError) {
    return (
      <ErrorBox>
        Could not load your services: {services.error.message}{" "}
        <button type="button" className="font-medium underline" onClick={() => void services.refetch()}>
          Try again
        </button>
      </ErrorBox>
    );
  }

  if (services.data.length === 0) {
    return (
      <section className="rounded-lg border border-dashed border-slate-300 bg-white p-10 text-center">
        <h2 className="text-lg font-medium">No services yet</h2>
        <p className="mx-auto mt-2 max-w-md text-sm text-slate-600">
          Connect a repository on GitHub, GitLab, Bitbucket or Gitea and Berth installs its webhook; or add any Git server by
          its clone URL. Every push to the watched branch builds and deploys it.
        </p>
        <div className="mt-6 flex flex-wrap justify-center gap-3">
          <ButtonLink href="/services/connect">Connect a repository</ButtonLink>
          <ButtonLink href="/services/new" variant="secondary">
            Add by clone URL
          </ButtonLink>
        </div>
      </section>
    );
  }

  return (
    <ul className="divide-y divide-slate-200 overflow-hidden rounded-lg border border-slate-200 bg-white">
      {services.data.map((service) => (
        <li key={service.id} className="flex flex-wrap items-center gap-x-4 gap-y-1 px-4 py-3">
          <Link href={`/services/${service.id}`} className="font-medium text-slate-900 underline-offset-2 hover:underline">
            {service.name}
          </Link>
          <ServiceStatus status={service.status} />
          {service.owned_by ? <span className="text-xs text-slate-500">owned by {service.owned_by.email ?? service.owned_by.name}</span> : null}
          <span className="min-w-0 flex-1 truncate text-sm text-slate-500">
            {service.live_deployment ? (
              <>
                live{" "}
                <Link href={`/deployments/${service.live_deployment.id}`} className="font-mono text-sky-700 underline">
                  {shortSha(service.live_deployment.commit_sha)}
                </Link>
                {service.live_deployment.url ? <> at {service.live_deployment.url}</> : null}
              </>
            ) : (
              `${service.repository_full_name ?? service.clone_url} · ${service.branch}`
            )}
            {service.last_deployed_at ? <> · last deploy {new Date(service.last_deployed_at).toLocaleString()}</> : null}
          </span>
          <WebhookBadge webhook={service.webhook} branch={service.branch} />
        </li>
      ))}
    </ul>
  );
}

function WebhookBadge({ webhook, branch }: { webhook: ServiceSummary["webhook"]; branch: string }) {
  const retry = useRetryWebhook();
  if (!webhook) return <span className="text-xs text-slate-500">Webhook not configured</span>;
  if (!webhook.is_enabled) return <span className="text-xs text-amber-700">Webhook disabled</span>;
  if (webhook.status === "active") return <span className="text-xs text-emerald-700">✓ Enabled · deploys on {branch}</span>;
  return (
    <span className="flex items-center gap-2 text-xs text-red-700">
      Failed: {webhook.last_error ?? "the provider refused the webhook"}
      <button type="button" className="rounded border border-red-300 px-2 py-0.5 hover:bg-red-50 disabled:opacity-50" disabled={retry.isPending} onClick={() => retry.mutate(webhook.connection_id)}>
        {retry.isPending ? "Retrying…" : "Retry"}
      </button>
    </span>
  );
}
