"use client";

import Link from "next/link";
import { usePathname } from "next/navigation";
import { signOut } from "next-auth/react";
import { NotificationBell } from "@/components/notification-bell";

const LINKS = [
  { href: "/", label: "Dashboard" },
  { href: "/services/connect", label: "Connect" },
  { href: "/deliveries", label: "Deliveries" },
  { href: "/incidents", label: "Incidents" },
  { href: "/runners", label: "Runners" },
  { href: "/settings", label: "Settings" },
];

export function AppNav({ userLabel }: { userLabel: string }) {
  const pathname = usePathname();
  return (
    <header className="border-b border-slate-200 bg-white">
      <nav aria-label="Main" className="mx-auto flex max-w-5xl flex-wrap items-center gap-x-6 gap-y-2 px-4 py-3">
        <Link href="/" className="flex items-center gap-2 text-lg font-semibold tracking-tight">
          <span aria-hidden className="inline-block h-5 w-5 rounded bg-sky-600" />
          Berth
        </Link>
        <ul className="flex flex-wrap gap-1 text-sm">
          {LINKS.map((link) => {
            const active = link.href === "/" ? pathname === "/" : pathname.startsWith(link.href);
            return (
              <li key={link.href}>
                <Link
                  href={link.href}
                  aria-current={active ? "page" : undefined}
                  className={`rounded-md px-3 py-1.5 ${active ? "bg-slate-100 font-medium text-slate-900" : "text-slate-600 hover:text-slate-900"}`}
                >
                  {link.label}
                </Link>
              </li>
            );
          })}
        </ul>
        <div className="ml-auto flex items-center gap-3 text-sm">
          <NotificationBell />
          <span className="text-slate-500">{userLabel}</span>
          <button
            type="button"
            onClick={() => void signOut({ callbackUrl: "/signin" })}
            className="rounded-md border border-slate-300 px-3 py-1.5 text-slate-700 hover:bg-slate-100"
          >
            Sign out
          </button>
        </div>
      </nav>
    </header>
  );
}
