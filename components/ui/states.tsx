import type { ReactNode } from "react";

// The three states every data view has besides its data.
export function Loading({ label, className = "h-24" }: { label: string; className?: string }) {
  return <div aria-busy="true" aria-label={label} className={`${className} animate-pulse rounded-lg bg-slate-200/70`} />;
}

export function ErrorBox({ children }: { children: ReactNode }) {
  return (
    <div role="alert" className="rounded-lg border border-red-200 bg-red-50 px-4 py-3 text-sm text-red-800">
      {children}
    </div>
  );
}

export function EmptyState({ children }: { children: ReactNode }) {
  return <div className="rounded-lg border border-dashed border-slate-300 p-6 text-center text-sm text-slate-600">{children}</div>;
}
