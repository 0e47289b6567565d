"use client";

import Link from "next/link";
import { useRouter } from "next/navigation";
import { useState, type FormEvent } from "react";
import { DeliveryChart } from "@/components/delivery-chart";
import { DeliveryViewer } from "@/components/delivery-viewer";
import { Button } from "@/components/ui/button";
import { DataTable } from "@/components/ui/data-table";
import { Field, Select, TextInput } from "@/components/ui/field";
import { ScopeSwitch } from "@/components/ui/scope-switch";
import { EmptyState, ErrorBox, Loading } from "@/components/ui/states";
import { StatusPill } from "@/components/ui/status-pill";
import { DeliveryStatus } from "@/lib/generated/prisma/enums";
import { DELIVERIES_PER_PAGE, useDeliveries, type DeliveryFilters } from "@/lib/client/hooks/use-deliveries";
import { useService } from "@/lib/client/hooks/use-services";
import { OAUTH_PROVIDERS, providerLabel } from "@/lib/shared/providers/labels";
import { shortSha } from "@/lib/shared/git/short-sha";

// The audit log: every delivery Berth received for the user's services (or, for an admin who asks, for
// all of them and none), filterable, each one open to inspect and replay.
export function DeliveryList({ initialFilters, isAdmin = false }: { initialFilters: DeliveryFilters; isAdmin?: boolean }) {
  const router = useRouter();
  const { service_id: initialService, ...initialFields } = initialFilters;
  // The form's filters, and the service a service page's "Deliveries" link narrowed the list to.
  const [fields, setFields] = useState<DeliveryFilters>(initialFields);
  const [serviceId, setServiceId] = useState(initialService);
  const [offset, setOffset] = useState(0);
  const [openId, setOpenId] = useState<string | null>(null);
  const filters = serviceId ? { ...fields, service_id: serviceId } : fields;
  const deliveries = useDeliveries(filters, offset);

  function show(nextFields: DeliveryFilters, nextService: string | undefined) {
    // "mine" is the default scope: left out, like an empty filter.
    const cleaned: Record<string, string> = Object.fromEntries(
      Object.entries(nextFields).filter((entry): entry is [string, string] => Boolean(entry[1]) && !(entry[0] === "scope" && entry[1] === "mine")),
    );
    setFields(cleaned);
    setServiceId(nextService);
    setOffset(0);
    // The URL carries the filters, so a filtered view can be bookmarked and shared.
    const query = new URLSearchParams(nextService ? { ...cleaned, service_id: nextService } : cleaned);
    router.replace(`/deliveries?${query}`, { scroll: false });
  }

  const page = deliveries.data;
  return (
    <div className="space-y-6">
      {isAdmin ? <ScopeSwitch label="Whose deliveries" scope={fields.scope ?? "mine"} onChange={(scope) => show({ ...fields, scope }, serviceId)} /> : null}
      <DeliveryChart scope={fields.scope ?? "mine"} />
      <FilterForm filters={fields} onApply={(next) => show({ ...next, scope: fields.scope }, serviceId)} />
      {serviceId ? <ServiceScope serviceId={serviceId} onClear={() => show(fields, undefined)} /> : null}
      {deliveries.isPending ? <Loading label="Loading deliveries" className="h-40" /> : null}
      {deliveries.isError ? <ErrorBox>Could not load deliveries: {deliveries.error.message}</ErrorBox> : null}
      {page && page.total === 0 ? (
        <EmptyState>
          {Object.keys(filters).some((key) => key !== "scope") ? "No delivery matches these filters." : "No webhook deliveries yet. Connect a repository and push to it, or send a test delivery from a service's page."}
        </EmptyState>
      ) : null}
      {page && page.total > 0 ? (
        <div className="space-y-2">
          <DataTable label="Webhook deliveries" columns={["Received", "Provider", "Event", "Repository", "Status", "Answered"]}>
            {page.deliveries.map((delivery) => (
              <tr key={delivery.id} className={`border-t border-slate-100 align-top ${openId === delivery.id ? "bg-sky-50" : ""}`}>
                <td className="whitespace-nowrap px-3 py-2 text-slate-600">{new Date(delivery.received_at).toLocaleString()}</td>
                <td className="px-3 py-2">{providerLabel(delivery.provider)}</td>
                <td className="px-3 py-2">
                  {delivery.event ?? "—"}
                  {delivery.action ? <span className="text-slate-500"> ({delivery.action})</span> : null}
                  {delivery.replay_of_id ? <span className="block text-xs text-slate-500">replay</span> : null}
                </td>
                <td className="px-3 py-2">
                  {delivery.repository ?? "—"}
                  {delivery.commit_sha ? <span className="block font-mono text-xs text-slate-500">{shortSha(delivery.commit_sha)}</span> : null}
                </td>
                <td className="px-3 py-2">
                  <StatusPill status={delivery.status} />
                  {delivery.reason ? <span className="block max-w-xs text-xs text-slate-500">{delivery.reason}</span> : null}
                  {delivery.deployment_id ? (
                    <Link href={`/deployments/${delivery.deployment_id}`} className="block text-xs text-sky-700 underline">
                      deployment
                    </Link>
                  ) : null}
                </td>
                <td className="whitespace-nowrap px-3 py-2 text-slate-600">{delivery.answered_in_ms === null ? "" : `${delivery.answered_in_ms} ms`}</td>
                <td className="px-3 py-2 text-right">
                  <Button variant="secondary" className="px-2 py-1 text-xs" aria-label={`Inspect delivery ${delivery.delivery_id ?? delivery.id}`} onClick={() => setOpenId(delivery.id)}>
                    Inspect
                  </Button>
                </td>
              </tr>
            ))}
          </DataTable>
          <nav aria-label="Pages" className="flex items-center justify-between text-sm text-slate-600">
            <span>
              {offset + 1}–{offset + page.deliveries.length} of {page.total}
            </span>
            <span className="flex gap-2">
              <Button variant="secondary" disabled={offset === 0} onClick={() => setOffset(Math.max(0, offset - DELIVERIES_PER_PAGE))}>
                Newer
              </Button>
              <Button variant="secondary" disabled={offset + DELIVERIES_PER_PAGE >= page.total} onClick={() => setOffset(offset + DELIVERIES_PER_PAGE)}>
                Older
              </Button>
            </span>
          </nav>
        </div>
      ) : null}
      {openId ? <DeliveryViewer key={openId} id={openId} onClose={() => setOpenId(null)} /> : null}
    </div>
  );
}

function ServiceScope({ serviceId, onClear }: { serviceId: string; onClear: () => void }) {
  const name = useService(serviceId).data?.name ?? "one service";
  return (
    <p className="flex flex-wrap items-center gap-2 text-sm text-slate-700">
      Only deliveries for <span className="font-medium">{name}</span>.
      <button type="button" className="text-sky-700 underline" onClick={onClear}>
        Show every service
      </button>
    </p>
  );
}

function FilterForm({ filters, onApply }: { filters: DeliveryFilters; onApply: (filters: DeliveryFilters) => void }) {
  const [draft, setDraft] = useState(filters);
  const set = (key: keyof DeliveryFilters) => (event: { target: { value: string } }) => setDraft((current) => ({ ...current, [key]: event.target.value }));
  // Choices apply at once; typed filters apply on Enter or "Filter".
  const choose = (key: keyof DeliveryFilters) => (event: { target: { value: string } }) => {
    const next = { ...draft, [key]: event.target.value };
    setDraft(next);
    onApply(next);
  };

  function submit(event: FormEvent) {
    event.preventDefault();
    onApply(draft);
  }

  return (
    <form role="search" aria-label="Filter deliveries" onSubmit={submit} className="grid gap-3 rounded-lg border border-slate-200 bg-white p-4 sm:grid-cols-2 lg:grid-cols-[repeat(4,1fr)_auto] lg:items-end">
      <Field id="filter-provider" label="Provider">
        <Select id="filter-provider" value={draft.provider ?? ""} onChange={choose("provider")}>
          <option value="">All providers</option>
          {[...OAUTH_PROVIDERS, "deploy_hook"].map((provider) => (
            <option key={provider} value={provider}>
              {provider === "deploy_hook" ? "Deploy hook" : providerLabel(provider)}
            </option>
          ))}
        </Select>
      </Field>
      <Field id="filter-status" label="Status">
        <Select id="filter-status" value={draft.status ?? ""} onChange={choose("status")}>
          <option value="">All statuses</option>
          {Object.values(DeliveryStatus).map((status) => (
            <option key={status} value={status}>
              {status}
            </option>
          ))}
        </Select>
      </Field>
      <Field id="filter-event" label="Event">
        <TextInput id="filter-event" value={draft.event ?? ""} onChange={set("event")} placeholder="push" />
      </Field>
      <Field id="filter-repository" label="Repository">
        <TextInput id="filter-repository" value={draft.repository ?? ""} onChange={set("repository")} placeholder="owner/name" />
      </Field>
      <div className="flex gap-2">
        <Button type="submit">Filter</Button>
        {Object.values(draft).some(Boolean) ? (
          <Button
            type="button"
            variant="secondary"
            onClick={() => {
              setDraft({});
              onApply({});
            }}
          >
            Clear
          </Button>
        ) : null}
      </div>
    </form>
  );
}
