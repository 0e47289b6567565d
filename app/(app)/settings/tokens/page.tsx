import type { Metadata } from "next";
import { ApiTokens } from "@/components/api-tokens";
import { SettingsSubpage } from "@/components/settings-subpage";

export const metadata: Metadata = { title: "API tokens" };

export default function ApiTokensPage() {
  return (
    <SettingsSubpage
      title="API tokens"
      intro="Scripts and CI use Berth's API with a personal token: it acts as you, within its scope, until it expires or you revoke it. Berth keeps only a hash of it."
    >
      <ApiTokens />
    </SettingsSubpage>
  );
}
