import Link from "next/link";
import type { ReactNode } from "react";

// A page under Settings: the way back, its title, what it is for, then its content.
export function SettingsSubpage({ title, intro, children }: { title: string; intro: ReactNode; children: ReactNode }) {
  return (
    <div className="space-y-6">
      <div>
        <Link href="/settings" className="text-sm text-sky-700 underline">
          Settings
        </Link>
        <h1 className="text-2xl font-semibold tracking-tight">{title}</h1>
        <p className="mt-1 max-w-2xl text-sm text-slate-600">{intro}</p>
      </div>
      {children}
    </div>
  );
}
