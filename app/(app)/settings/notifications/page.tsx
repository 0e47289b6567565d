import type { Metadata } from "next";
import { NotificationChannels } from "@/components/notification-channels";
import { SettingsSubpage } from "@/components/settings-subpage";

export const metadata: Metadata = { title: "Notifications" };

export default function NotificationsSettingsPage() {
  return (
    <SettingsSubpage
      title="Notifications"
      intro="Besides the bell, Berth can tell Slack, Discord, an email address or your own webhook when a deploy goes live, fails or rolls back, a webhook cannot be set up, or CI turns red and green again. A channel that fails is retried and shown failing here; deploys never wait for it."
    >
      <NotificationChannels />
    </SettingsSubpage>
  );
}
