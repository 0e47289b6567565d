"use client";

import { useRouter } from "next/navigation";
import { useRef, useState } from "react";
import { useMarkNotificationsRead, useNotifications } from "@/lib/client/hooks/use-notifications";

export function NotificationBell() {
  const router = useRouter();
  const notifications = useNotifications();
  const markRead = useMarkNotificationsRead();
  const [open, setOpen] = useState(false);
  const toggle = useRef<HTMLButtonElement>(null);
  const unread = notifications.data?.unread_count ?? 0;

  return (
    <div
      className="relative"
      onKeyDown={(event) => {
        if (event.key !== "Escape" || !open) return;
        setOpen(false);
        toggle.current?.focus();
      }}
    >
      <button
        ref={toggle}
        type="button"
        aria-expanded={open}
        aria-controls="notification-list"
        onClick={() => setOpen((value) => !value)}
        className="rounded-md border border-slate-300 px-3 py-1.5 text-slate-700 hover:bg-slate-100"
      >
        <svg aria-hidden viewBox="0 0 20 20" className="mr-1 inline h-4 w-4 fill-current align-[-2px]">
          <path d="M10 2a5 5 0 0 0-5 5v3.6L3.3 13.3A1 1 0 0 0 4.1 15h11.8a1 1 0 0 0 .8-1.7L15 10.6V7a5 5 0 0 0-5-5Zm0 18a2.5 2.5 0 0 0 2.45-2h-4.9A2.5 2.5 0 0 0 10 20Z" />
        </svg>
        Notifications{unread > 0 ? <span className="ml-1 rounded-full bg-sky-600 px-1.5 text-xs text-white">{unread}</span> : null}
      </button>
      {open ? (
        <div id="notification-list" className="absolute right-0 z-40 mt-2 w-96 max-w-[calc(100vw-2rem)] rounded-lg border border-slate-200 bg-white p-2 shadow-lg">
          <div className="flex items-center justify-between px-2 py-1">
            <h2 className="text-sm font-semibold">Notifications</h2>
            <button type="button" className="text-xs text-sky-700 underline disabled:text-slate-400" disabled={unread === 0} onClick={() => markRead.mutate({ all: true })}>
              Mark all read
            </button>
          </div>
          {notifications.isPending ? <p className="px-2 py-3 text-sm text-slate-500">Loading…</p> : null}
          {notifications.isError ? <p className="px-2 py-3 text-sm text-red-700">Could not load notifications.</p> : null}
          {notifications.data?.notifications.length === 0 ? <p className="px-2 py-3 text-sm text-slate-500">Nothing yet.</p> : null}
          <ul className="max-h-96 overflow-y-auto">
            {notifications.data?.notifications.map((notification) => (
              <li key={notification.id}>
                <button
                  type="button"
                  className={`w-full rounded-md px-2 py-2 text-left text-sm hover:bg-slate-50 ${notification.read ? "text-slate-500" : "font-medium text-slate-900"}`}
                  onClick={() => {
                    if (!notification.read) markRead.mutate({ ids: [notification.id] });
                    setOpen(false);
                    if (notification.deployment_id) router.push(`/deployments/${notification.deployment_id}`);
                  }}
                >
                  <span className="line-clamp-2">{notification.message.split("\n")[0]}</span>
                  <span className="block text-xs font-normal text-slate-500">{new Date(notification.created_at).toLocaleString()}</span>
                </button>
              </li>
            ))}
          </ul>
        </div>
      ) : null}
    </div>
  );
}
