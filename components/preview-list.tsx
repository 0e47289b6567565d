"use client";

import Link from "next/link";
import { useState, type FormEvent } from "react";
import { Button } from "@/components/ui/button";
import { DataTable } from "@/components/ui/data-table";
import { Field, TextArea, TextInput } from "@/components/ui/field";
import { EmptyState, ErrorBox, Loading } from "@/components/ui/states";
import { StatusPill } from "@/components/ui/status-pill";
import { usePreviewAction, usePreviews, useUpdatePreviewSettings, type PreviewResponse, type PreviewsResponse } from "@/lib/client/hooks/use-previews";
import { shortSha } from "@/lib/shared/git/short-sha";

const STATE_WORDS: Record<PreviewResponse["state"], string> = { awaiting_approval: "waits for approval", active: "active", stopped: "stopped", closed: "closed" };

// A service's pull-request previews: each one's state and address, approving and stopping, and the settings.
export function PreviewList({ serviceId }: { serviceId: string }) {
  const previews = usePreviews(serviceId);
  const act = usePreviewAction(serviceId);
  return (
    <section aria-labelledby="previews-heading" className="space-y-3">
      <h2 id="previews-heading" className="text-lg font-semibold">
        Previews
      </h2>
      {previews.isPending ? <Loading label="Loading previews" /> : null}
      {previews.isError ? <ErrorBox>Could not load previews: {previews.error.message}</ErrorBox> : null}
      {previews.data ? (
        <>
          <PreviewSettings serviceId={serviceId} settings={previews.data.settings} />
          {previews.data.previews.length === 0 ? (
            <EmptyState>{previews.data.settings.enabled ? "No pull request has a preview yet." : "Turn previews on to build each pull request at its own address."}</EmptyState>
          ) : (
            <DataTable columns={["Pull request", "Commit", "State", "Address", ""]}>
              {previews.data.previews.map((preview) => (
                <tr key={preview.id} aria-label={`Pull request #${preview.number}`} className="border-t border-slate-100 align-top">
                  <td className="px-3 py-2">
                    <span className="font-medium">#{preview.number}</span> {preview.title}
                    <span className="block text-xs text-slate-500">
                      {preview.author}
                      {preview.from_fork ? ` · from ${preview.head_repository}` : ""}
                    </span>
                  </td>
                  <td className="px-3 py-2 font-mono text-xs">
                    {preview.deployment ? (
                      <Link href={`/deployments/${preview.deployment.id}`} className="text-sky-700 underline">
                        {shortSha(preview.deployment.commit_sha ?? preview.head_sha)}
                      </Link>
                    ) : (
                      shortSha(preview.head_sha)
                    )}
                  </td>
                  <td className="px-3 py-2">
                    {preview.state === "active" && preview.deployment ? <StatusPill status={preview.deployment.status} /> : <span className="text-slate-700">{STATE_WORDS[preview.state]}</span>}
                    {preview.approval_reason ? <span className="block text-xs text-amber-800">Not built: {preview.approval_reason}</span> : null}
                    {preview.comment_error ? <span className="block text-xs text-amber-800">Could not comment on the pull request: {preview.comment_error}</span> : null}
                  </td>
                  <td className="px-3 py-2">
                    {preview.url ? (
                      <a href={preview.url} className="text-sky-700 underline" target="_blank" rel="noreferrer">
                        {preview.url}
                      </a>
                    ) : null}
                  </td>
                  <td className="px-3 py-2 text-right">
                    {preview.state === "awaiting_approval" ? (
                      <Button className="px-2 py-1 text-xs" disabled={act.isPending} onClick={() => act.mutate({ id: preview.id, action: "approve" })}>
                        Approve {shortSha(preview.head_sha)}
                      </Button>
                    ) : null}
                    {preview.state === "active" ? (
                      <Button variant="secondary" className="px-2 py-1 text-xs" disabled={act.isPending} onClick={() => act.mutate({ id: preview.id, action: "stop" })}>
                        Stop
                      </Button>
                    ) : null}
                  </td>
                </tr>
              ))}
            </DataTable>
          )}
        </>
      ) : null}
      {act.isError ? <ErrorBox>{act.error.message}</ErrorBox> : null}
    </section>
  );
}

// Preview-only variables are written as NAME=value lines; shared ones are names of the service's own.
function PreviewSettings({ serviceId, settings }: { serviceId: string; settings: PreviewsResponse["settings"] }) {
  const update = useUpdatePreviewSettings(serviceId);
  const [max, setMax] = useState(String(settings.max_concurrent));
  const [vars, setVars] = useState("");
  const [shared, setShared] = useState(settings.shared_env_keys.join(", "));

  function save(event: FormEvent) {
    event.preventDefault();
    const lines = vars.split("\n").map((line) => line.trim()).filter(Boolean);
    // NAME= (nothing after the sign) removes that variable.
    const envVars = Object.fromEntries(lines.map((line) => [line.slice(0, line.indexOf("=")), line.slice(line.indexOf("=") + 1) || null]));
    const sharedKeys = shared.split(/[\s,]+/).filter(Boolean);
    update.mutate({ max_concurrent: Number(max), shared_env_keys: sharedKeys, ...(lines.length > 0 ? { env_vars: envVars } : {}) }, { onSuccess: () => setVars("") });
  }

  return (
    <div className="space-y-3 rounded-lg border border-slate-200 bg-white p-4 text-sm">
      <div className="flex flex-wrap items-center justify-between gap-3">
        <p>
          {settings.enabled
            ? `Each pull request is built at its own address, at most ${settings.max_concurrent} at once (the oldest stops first). Pull requests from forks, or by someone who cannot write to the repository, wait for your approval.`
            : "Previews are off: pull requests build nothing."}
        </p>
        <Button variant={settings.enabled ? "secondary" : "primary"} disabled={update.isPending} onClick={() => update.mutate({ enabled: !settings.enabled })}>
          {settings.enabled ? "Turn previews off" : "Turn previews on"}
        </Button>
      </div>
      <form onSubmit={save} method="post" className="grid gap-3 sm:grid-cols-3">
        <Field id="preview-max" label="At most at once">
          <TextInput id="preview-max" type="number" min={1} max={20} value={max} onChange={(event) => setMax(event.target.value)} />
        </Field>
        <Field id="preview-shared" label="Shared with previews" hint="Names of this service's variables previews get too; the rest stay out">
          <TextInput id="preview-shared" value={shared} onChange={(event) => setShared(event.target.value)} placeholder="PUBLIC_API_URL" />
        </Field>
        <Field
          id="preview-vars"
          label="Preview-only variables"
          hint={settings.env_var_names.length > 0 ? `Set: ${settings.env_var_names.join(", ")}. NAME= removes one.` : "NAME=value, one per line"}
        >
          <TextArea id="preview-vars" rows={2} value={vars} onChange={(event) => setVars(event.target.value)} />
        </Field>
        <div className="sm:col-span-3">
          <Button type="submit" variant="secondary" disabled={update.isPending}>
            Save preview settings
          </Button>
        </div>
      </form>
      {update.isError ? <ErrorBox>{update.error.message}</ErrorBox> : null}
    </div>
  );
}
