// One colour per status word, whatever it describes: a service, a deployment or a webhook delivery.
const GOOD = "bg-emerald-100 text-emerald-800";
const BUSY = "bg-sky-100 text-sky-800";
const QUIET = "bg-slate-100 text-slate-700";
const WARN = "bg-amber-100 text-amber-800";
const BAD = "bg-red-100 text-red-800";

const TONES: Record<string, string> = {
  created: QUIET,
  running: GOOD,
  stopped: WARN,
  queued: QUIET,
  building: BUSY,
  deploying: BUSY,
  live: GOOD,
  superseded: QUIET,
  cancelled: WARN,
  rolled_back: WARN,
  received: BUSY,
  processed: GOOD,
  ignored: QUIET,
  duplicate: QUIET,
  skipped: QUIET,
  rejected: BAD,
  failed: BAD,
  open: BAD,
  resolved: GOOD,
  pending: QUIET,
  starting: BUSY,
  completed: GOOD,
  unmatched: WARN,
};

export function StatusPill({ status, label = status.replace("_", " ") }: { status: string; label?: string }) {
  return <span className={`inline-flex rounded-full px-2 py-0.5 text-xs font-medium ${TONES[status] ?? QUIET}`}>{label}</span>;
}

// A service that never deployed is "created" in the data and "not deployed" to people.
export function ServiceStatus({ status }: { status: string }) {
  return <StatusPill status={status} label={status === "created" ? "not deployed" : status} />;
}
