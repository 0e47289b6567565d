import type { Metadata } from "next";
import { ServiceList } from "@/components/service-list";
import { ButtonLink } from "@/components/ui/button";
import { getSessionUser } from "@/lib/server/auth/session";

export const metadata: Metadata = { title: "Dashboard" };

export default async function DashboardPage() {
  const user = await getSessionUser();
  return (
    <div className="space-y-6">
      <div className="flex items-center justify-between gap-4">
        <h1 className="text-2xl font-semibold tracking-tight">Services</h1>
        <div className="flex gap-2">
          <ButtonLink href="/services/new" variant="secondary">
            New service
          </ButtonLink>
          <ButtonLink href="/services/connect">Connect repository</ButtonLink>
        </div>
      </div>
      <ServiceList isAdmin={user?.role === "admin"} />
    </div>
  );
}
