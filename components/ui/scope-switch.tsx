"use client";

import type { ListScope } from "@/lib/shared/validations/list-scope";

const OPTIONS: [ListScope, string][] = [
  ["mine", "Yours"],
  ["all", "Everyone's"],
];

// An admin's choice between their own objects and everyone's.
export function ScopeSwitch({ label, scope, onChange }: { label: string; scope: ListScope; onChange: (scope: ListScope) => void }) {
  return (
    <div role="group" aria-label={label} className="inline-flex rounded-md border border-slate-300 bg-white p-0.5 text-sm">
      {OPTIONS.map(([value, text]) => (
        <button
          key={value}
          type="button"
          aria-pressed={scope === value}
          onClick={() => onChange(value)}
          className={`rounded px-3 py-1 ${scope === value ? "bg-slate-900 text-white" : "text-slate-700 hover:bg-slate-100"}`}
        >
          {text}
        </button>
      ))}
    </div>
  );
}
