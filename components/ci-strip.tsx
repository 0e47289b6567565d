"use client";

import type { ReactNode } from "react";
import { ErrorBox, Loading } from "@/components/ui/states";
import { useCiRuns, type CiRunResponse, type CiRunsOf } from "@/lib/client/hooks/use-ci";
import { ciOutcome, spokenDuration } from "@/lib/shared/ci/outcomes";
import { shortSha } from "@/lib/shared/git/short-sha";

const DOT = { failed: "bg-red-500", succeeded: "bg-emerald-500", pending: "bg-sky-400 animate-pulse", inconclusive: "bg-slate-300" } as const;
const RUNS_PER_WORKFLOW = 12;

// A repository's last CI runs (a service's, or a CI-only connection's), a row of dots per workflow, oldest
// to newest; without runs, `empty` (nothing by default).
export function CiStrip({ of, empty = null }: { of: CiRunsOf; empty?: ReactNode }) {
  const runs = useCiRuns(of);
  if (runs.isPending) return <Loading label="Loading CI runs" className="h-16" />;
  if (runs.isError) return <ErrorBox>Could not load CI runs: {runs.error.message}</ErrorBox>;
  if (runs.data.runs.length === 0) return empty;
  const byWorkflow = new Map<string, CiRunResponse[]>();
  for (const run of runs.data.runs) byWorkflow.set(run.workflow, [...(byWorkflow.get(run.workflow) ?? []), run]);
  return (
    <section aria-label="CI" className="rounded-lg border border-slate-200 bg-white">
      <h2 className="border-b border-slate-200 px-5 py-3 text-sm font-semibold">CI</h2>
      <ul className="divide-y divide-slate-100">
        {[...byWorkflow].map(([workflow, list]) => (
          <li key={workflow} className="flex flex-wrap items-center gap-3 px-5 py-3 text-sm">
            <span className="w-40 truncate font-medium text-slate-700">{workflow}</span>
            <ol aria-label={`Runs of ${workflow}`} className="flex items-center gap-1">
              {list.slice(0, RUNS_PER_WORKFLOW).reverse().map((run) => (
                <li key={run.id}>
                  <RunDot run={run} />
                </li>
              ))}
            </ol>
          </li>
        ))}
      </ul>
    </section>
  );
}

function RunDot({ run }: { run: CiRunResponse }) {
  const outcome = ciOutcome(run);
  const label = `${run.workflow} on ${run.branch ?? "?"} at ${shortSha(run.commit_sha)}: ${run.conclusion ?? run.status.replace("_", " ")}${
    run.duration_ms !== null ? ` in ${spokenDuration(run.duration_ms)}` : ""
  }`;
  const dot = <span className={`block h-3 w-3 rounded-full ${DOT[outcome]}`} />;
  return run.url ? (
    <a href={run.url} target="_blank" rel="noreferrer noopener" title={label} aria-label={label}>
      {dot}
    </a>
  ) : (
    <span title={label} aria-label={label} role="img">
      {dot}
    </span>
  );
}
