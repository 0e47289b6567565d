"use client";

import { useState } from "react";
import { DataTable } from "@/components/ui/data-table";
import { ScopeSwitch } from "@/components/ui/scope-switch";
import { EmptyState, ErrorBox, Loading } from "@/components/ui/states";
import { StatusPill } from "@/components/ui/status-pill";
import { useRunnerJobs, type RunnerJobResponse } from "@/lib/client/hooks/use-runners";
import { spokenDuration } from "@/lib/shared/ci/outcomes";

// Jobs that asked for a self-hosted runner, newest first: queued → starting → running → completed.
export function RunnerJobs({ isAdmin }: { isAdmin: boolean }) {
  const [scope, setScope] = useState<"mine" | "all">("mine");
  const jobs = useRunnerJobs(scope);
  return (
    <section aria-label="Runner jobs" className="space-y-3">
      <div className="flex flex-wrap items-center justify-between gap-3">
        <h2 className="text-lg font-semibold">Jobs</h2>
        {isAdmin ? <ScopeSwitch label="Whose jobs" scope={scope} onChange={setScope} /> : null}
      </div>
      {jobs.isPending ? (
        <Loading label="Loading runner jobs" className="h-32" />
      ) : jobs.isError ? (
        <ErrorBox>Could not load runner jobs: {jobs.error.message}</ErrorBox>
      ) : jobs.data.jobs.length === 0 ? (
        <EmptyState>No self-hosted jobs yet. Connect a GitHub repository (it subscribes to workflow_job) and add a runner pool.</EmptyState>
      ) : (
        <DataTable label="Runner jobs" columns={["Job", "Repository", "Pool", "Status", "Runner", "Took"]}>
          {jobs.data.jobs.map((job) => (
            <JobRow key={job.id} job={job} />
          ))}
        </DataTable>
      )}
    </section>
  );
}

function JobRow({ job }: { job: RunnerJobResponse }) {
  const took = job.busy_at && job.completed_at ? spokenDuration(Date.parse(job.completed_at) - Date.parse(job.busy_at)) : "—";
  return (
    <tr aria-label={`Job ${job.name}`} className="border-t border-slate-100 align-top">
      <td className="px-3 py-2">
        <div className="font-medium">{job.name}</div>
        <div className="font-mono text-xs text-slate-500">{job.labels.join(", ")}</div>
      </td>
      <td className="px-3 py-2">
        {job.repository}
        {job.branch ? <div className="font-mono text-xs text-slate-500">{job.branch}</div> : null}
      </td>
      <td className="px-3 py-2">
        {job.pool ?? "—"}
        {job.pool ? <div className="text-xs text-slate-500">priority {job.priority}</div> : null}
      </td>
      <td className="px-3 py-2">
        <StatusPill status={job.status} />
        {job.conclusion ? <div className="text-xs text-slate-500">{job.conclusion}</div> : null}
        {job.reason ? <div className="max-w-xs text-xs text-slate-500">{job.reason}</div> : null}
      </td>
      <td className="px-3 py-2 font-mono text-xs">{job.runner_name ?? "—"}</td>
      <td className="px-3 py-2">{took}</td>
      <td />
    </tr>
  );
}
