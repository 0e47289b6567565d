"use client";

import { useState } from "react";
import { Button } from "@/components/ui/button";
import { ScopeSwitch } from "@/components/ui/scope-switch";
import { EmptyState, ErrorBox, Loading } from "@/components/ui/states";
import { StatusPill } from "@/components/ui/status-pill";
import { useIncidents, useResolveIncident, type IncidentResponse } from "@/lib/client/hooks/use-ci";
import { spokenDuration } from "@/lib/shared/ci/outcomes";
import { shortSha } from "@/lib/shared/git/short-sha";

// Red workflows, open ones first, each with what failed, where to read the log and who pushed the commit.
// An admin may switch to everyone's.
export function IncidentList({ isAdmin }: { isAdmin: boolean }) {
  const [scope, setScope] = useState<"mine" | "all">("mine");
  const incidents = useIncidents("all", scope);
  return (
    <section aria-label="Incident list" className="space-y-3">
      {isAdmin ? <ScopeSwitch label="Whose incidents" scope={scope} onChange={setScope} /> : null}
      {incidents.isPending ? (
        <Loading label="Loading incidents" className="h-40" />
      ) : incidents.isError ? (
        <ErrorBox>Could not load incidents: {incidents.error.message}</ErrorBox>
      ) : incidents.data.incidents.length === 0 ? (
        <EmptyState>No CI incidents. A failed run of GitHub Actions, Gitea Actions, a GitLab pipeline or a Bitbucket build on a connected repository shows up here.</EmptyState>
      ) : (
        <ul aria-label="Incidents" className="space-y-3">
          {incidents.data.incidents.map((incident) => (
            <IncidentCard key={incident.id} incident={incident} />
          ))}
        </ul>
      )}
    </section>
  );
}

function IncidentCard({ incident }: { incident: IncidentResponse }) {
  const resolve = useResolveIncident();
  const run = incident.last_run;
  const since = new Date(incident.opened_at).toLocaleString("en", { dateStyle: "medium", timeStyle: "short" });
  return (
    <li aria-label={`${incident.workflow} on ${incident.branch}`} className="rounded-lg border border-slate-200 bg-white p-4 shadow-sm">
      <div className="flex flex-wrap items-start justify-between gap-3">
        <div className="min-w-0">
          <div className="flex items-center gap-2">
            <StatusPill status={incident.state} />
            <h2 className="font-medium">
              {incident.workflow} on <span className="font-mono">{incident.branch}</span>
            </h2>
          </div>
          <p className="mt-1 text-sm text-slate-600">
            {incident.repository} ·{" "}
            {incident.state === "open"
              ? `red since ${since}`
              : `was red for ${spokenDuration(incident.red_for_ms)}, ${incident.resolved_by === "user" ? "closed by hand" : "fixed by a green run"}`}{" "}
            · {incident.failures} failed {incident.failures === 1 ? "run" : "runs"}
          </p>
        </div>
        {incident.state === "open" ? (
          <Button variant="secondary" disabled={resolve.isPending} onClick={() => resolve.mutate(incident.id)}>
            Resolve
          </Button>
        ) : null}
      </div>
      {run ? (
        <div className="mt-3 space-y-1 text-sm">
          <p className="text-slate-700">
            Last failure: <span className="font-mono">{shortSha(run.commit_sha)}</span>
            {run.author ? ` by ${run.author}` : ""} · {run.conclusion ?? run.status}
            {run.url ? (
              <>
                {" · "}
                <a className="text-sky-700 underline" href={run.url} target="_blank" rel="noreferrer noopener">
                  the run
                </a>
              </>
            ) : null}
          </p>
          {run.failed_jobs.length > 0 ? (
            <ul aria-label="Failed jobs" className="flex flex-wrap gap-2">
              {run.failed_jobs.map((job) => (
                <li key={job.name} className="rounded bg-red-50 px-2 py-0.5 text-red-800">
                  {job.url ? (
                    <a className="underline" href={job.url} target="_blank" rel="noreferrer noopener">
                      {job.name}
                    </a>
                  ) : (
                    job.name
                  )}
                </li>
              ))}
            </ul>
          ) : null}
        </div>
      ) : null}
      {resolve.isError ? <p role="alert" className="mt-2 text-sm text-red-700">{resolve.error.message}</p> : null}
    </li>
  );
}
