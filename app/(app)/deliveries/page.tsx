import type { Metadata } from "next";
import { DeliveryList } from "@/components/delivery-list";
import { getSessionUser } from "@/lib/server/auth/session";
import type { DeliveryFilters } from "@/lib/client/hooks/use-deliveries";

export const metadata: Metadata = { title: "Webhook deliveries" };

const FILTER_KEYS = ["provider", "event", "status", "repository", "service_id", "scope"] as const;

// Filters arrive in the URL; the API validates them when the list is fetched.
function filtersFrom(params: Record<string, string | string[] | undefined>): DeliveryFilters {
  return Object.fromEntries(FILTER_KEYS.flatMap((key) => (typeof params[key] === "string" && params[key] ? [[key, params[key]]] : [])));
}

export default async function DeliveriesPage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  const user = await getSessionUser();
  return (
    <div className="space-y-6">
      <div>
        <h1 className="text-2xl font-semibold tracking-tight">Webhook deliveries</h1>
        <p className="mt-1 text-sm text-slate-600">Everything your Git providers sent, what Berth answered, and why. Open one to see its payload or replay it.</p>
      </div>
      <DeliveryList initialFilters={filtersFrom(await searchParams)} isAdmin={user?.role === "admin"} />
    </div>
  );
}
