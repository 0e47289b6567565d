import type { Metadata } from "next";
import { RunnerJobs } from "@/components/runner-jobs";
import { RunnerPools } from "@/components/runner-pools";
import { getSessionUser } from "@/lib/server/auth/session";

export const metadata: Metadata = { title: "Runners" };

export default async function RunnersPage() {
  const user = await getSessionUser();
  const admin = user?.role === "admin";
  return (
    <div className="space-y-8">
      <div>
        <h1 className="text-2xl font-semibold tracking-tight">Runners</h1>
        <p className="mt-1 text-sm text-slate-600">
          A GitHub Actions job that asks for <span className="font-mono">self-hosted</span> on a connected repository gets an ephemeral runner here, removed when the job is done. It updates live.
        </p>
      </div>
      {admin ? <RunnerPools /> : null}
      <RunnerJobs isAdmin={admin} />
    </div>
  );
}
