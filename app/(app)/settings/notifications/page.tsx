import type { Metadata } from "next";
import Link from "next/link";
import { NotificationChannels } from "@/components/notification-channels";

export const metadata: Metadata = { title: "Notifications" };

export default function NotificationsSettingsPage() {
  return (
    <div className="space-y-6">
      <div>
        <Link href="/settings" className="text-sm text-sky-700 underline">
          Settings
        </Link>
        <h1 className="text-2xl font-semibold tracking-tight">Notifications</h1>
        <p className="mt-1 max-w-2xl text-sm text-slate-600">
          Besides the bell, Berth can tell Slack, Discord, an email address or your own webhook when a deploy goes live, fails or rolls back, a webhook
          cannot be set up, or CI turns red and green again. A channel that fails is retried and shown failing here; deploys never wait for it.
        </p>
      </div>
      <NotificationChannels />
    </div>
  );
}
