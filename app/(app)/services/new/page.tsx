import type { Metadata } from "next";
import { NewServiceForm } from "@/components/service-form";
import { containerLimits } from "@/lib/server/runtime/container-limits";

export const metadata: Metadata = { title: "New service" };

export default function NewServicePage() {
  return (
    <div className="space-y-6">
      <div>
        <h1 className="text-2xl font-semibold tracking-tight">New service</h1>
        <p className="mt-1 text-sm text-slate-600">Deploy a repository from any Git server. You can change every setting later.</p>
      </div>
      <NewServiceForm defaults={containerLimits({ memoryLimitMb: null, cpuLimit: null })} />
    </div>
  );
}
