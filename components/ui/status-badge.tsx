const TONES: Record<string, string> = {
  created: "bg-slate-100 text-slate-700",
  deploying: "bg-sky-100 text-sky-800",
  running: "bg-emerald-100 text-emerald-800",
  failed: "bg-red-100 text-red-800",
  stopped: "bg-amber-100 text-amber-800",
};

export function StatusBadge({ status }: { status: string }) {
  return (
    <span className={`inline-flex rounded-full px-2 py-0.5 text-xs font-medium ${TONES[status] ?? TONES.created}`}>
      {status === "created" ? "not deployed" : status}
    </span>
  );
}
