import type { Metadata } from "next";
import Link from "next/link";
import type { ReactNode } from "react";
import { LinkProviderButton } from "@/components/link-provider-button";
import { signInMethods } from "@/lib/server/auth/linked-accounts";
import { getSessionUser } from "@/lib/server/auth/session";
import { getHealth } from "@/lib/server/instance/get-health";
import { listUsers } from "@/lib/server/auth/list-users";

export const metadata: Metadata = { title: "Settings" };

export default async function SettingsPage() {
  const user = await getSessionUser();
  if (!user) return null;
  const admin = user.role === "admin";
  const [{ accounts, hasPassword, linkable }, health, people] = await Promise.all([
    signInMethods(user.id),
    admin ? getHealth() : null,
    admin ? listUsers(user) : null,
  ]);

  return (
    <div className="space-y-8">
      <h1 className="text-2xl font-semibold tracking-tight">Settings</h1>

      <Section title="Account">
        <Row label="Name">{user.name ?? "—"}</Row>
        <Row label="Email">{user.email ?? "—"}</Row>
        <Row label="Role">{user.role}</Row>
      </Section>

      <Section title="Notifications">
        <Row label="Channels">
          <Link href="/settings/notifications" className="text-sky-700 underline">
            Slack, Discord, email and webhook channels
          </Link>
        </Row>
      </Section>

      <Section title="API">
        <Row label="Tokens">
          <Link href="/settings/tokens" className="text-sky-700 underline">
            Personal API tokens for scripts and CI
          </Link>
        </Row>
      </Section>

      <Section title="Sign-in methods">
        <Row label="Password">{hasPassword ? "Enabled (local account)" : "Not set"}</Row>
        {accounts.map((account) => (
          <Row key={account.provider} label={account.provider}>
            Linked {account.createdAt.toLocaleDateString("en")} · scopes: {account.scope?.split(/[\s,]+/).join(", ") || "—"}
          </Row>
        ))}
        {linkable.length > 0 ? (
          <Row label="Link an account">
            <div className="flex flex-wrap gap-2">
              {linkable.map((provider) => (
                <LinkProviderButton key={provider.id} id={provider.id} name={provider.name} />
              ))}
            </div>
            <p className="mt-2 text-xs text-slate-500">Berth uses the linked account to list your repositories and manage their webhooks.</p>
          </Row>
        ) : accounts.length === 0 ? (
          <Row label="Git providers">No OAuth app is configured for this instance (see the README’s configuration).</Row>
        ) : null}
      </Section>

      {health ? (
        <Section title="This instance">
          <Row label="Database">
            {health.database === "ok" ? "Connected" : "Not reachable"} ({health.database_mode === "embedded" ? "embedded PostgreSQL" : "external PostgreSQL"})
          </Row>
          <Row label="Docker engine">{health.docker.status === "reachable" ? `Reachable (Docker ${health.docker.version})` : health.docker.detail}</Row>
          <Row label="Workflow engine">{health.workflow.mode === "embedded" ? "Embedded executor" : "Inngest server"}</Row>
        </Section>
      ) : null}

      {people ? (
        <Section title="People">
          {people.map((person) => (
            <Row key={person.id} label={person.email ?? person.name ?? person.id} verbatim>
              {person.role} · signs in with {person.sign_in.join(", ") || "nothing yet"}
            </Row>
          ))}
          <Row label="Who may sign in">Set by BERTH_ALLOWED_USERS, BERTH_ALLOWED_ORGS and BERTH_ADMINS (see the README’s configuration).</Row>
        </Section>
      ) : null}
    </div>
  );
}

function Section({ title, children }: { title: string; children: ReactNode }) {
  return (
    <section className="rounded-lg border border-slate-200 bg-white">
      <h2 className="border-b border-slate-200 px-5 py-3 text-sm font-semibold">{title}</h2>
      <dl className="divide-y divide-slate-100">{children}</dl>
    </section>
  );
}

// Labels are capitalized (provider names), except names people wrote themselves (emails).
function Row({ label, children, verbatim = false }: { label: string; children: ReactNode; verbatim?: boolean }) {
  return (
    <div className="grid gap-1 px-5 py-3 text-sm sm:grid-cols-4">
      <dt className={`break-all font-medium text-slate-600 ${verbatim ? "" : "capitalize"}`}>{label}</dt>
      <dd className="text-slate-900 sm:col-span-3">{children}</dd>
    </div>
  );
}
