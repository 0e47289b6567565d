import type { Metadata } from "next";
import { IncidentList } from "@/components/incident-list";
import { WatchedRepositories } from "@/components/watched-repositories";
import { getSessionUser } from "@/lib/server/auth/session";

export const metadata: Metadata = { title: "Incidents" };

export default async function IncidentsPage() {
  const user = await getSessionUser();
  return (
    <div className="space-y-6">
      <div>
        <h1 className="text-2xl font-semibold tracking-tight">Incidents</h1>
        <p className="mt-1 text-sm text-slate-600">
          A workflow that failed on a branch stays here until a later run of it on that branch passes. Open ones first; it updates live.
        </p>
      </div>
      <IncidentList isAdmin={user?.role === "admin"} />
      <WatchedRepositories />
    </div>
  );
}
