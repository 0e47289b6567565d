const TONES: Record<string, string> = {
  queued: "bg-slate-100 text-slate-700",
  building: "bg-sky-100 text-sky-800",
  deploying: "bg-sky-100 text-sky-800",
  live: "bg-emerald-100 text-emerald-800",
  failed: "bg-red-100 text-red-800",
  superseded: "bg-slate-100 text-slate-600",
  cancelled: "bg-amber-100 text-amber-800",
  rolled_back: "bg-amber-100 text-amber-800",
};

export function DeploymentStatus({ status }: { status: string }) {
  return <span className={`inline-flex rounded-full px-2 py-0.5 text-xs font-medium ${TONES[status] ?? TONES.queued}`}>{status.replace("_", " ")}</span>;
}
