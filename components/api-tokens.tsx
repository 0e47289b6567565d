"use client";

import { useState, type FormEvent } from "react";
import { Button } from "@/components/ui/button";
import { CopyButton } from "@/components/ui/copy-button";
import { DataTable } from "@/components/ui/data-table";
import { Field, Select, TextInput } from "@/components/ui/field";
import { EmptyState, ErrorBox, Loading } from "@/components/ui/states";
import { useApiTokens, useCreateApiToken, useRevokeApiToken, type ApiTokenResponse } from "@/lib/client/hooks/use-api-tokens";
import { API_TOKEN_SCOPE_WORDS, API_TOKEN_SCOPES, type ApiTokenScopeName } from "@/lib/shared/validations/api-token";

const when = (iso: string | null, none: string) => (iso ? new Date(iso).toLocaleString() : none);

function stateOf(token: ApiTokenResponse): string {
  if (token.revoked_at) return `revoked ${when(token.revoked_at, "")}`;
  if (token.expires_at && Date.parse(token.expires_at) <= Date.now()) return "expired";
  return "active";
}

// The user's API tokens: each one's scope, use and expiry, revoking, and a new one (shown once).
export function ApiTokens() {
  const tokens = useApiTokens();
  const revoke = useRevokeApiToken();
  return (
    <div className="space-y-6">
      {tokens.isPending ? <Loading label="Loading tokens" /> : null}
      {tokens.isError ? <ErrorBox>Could not load tokens: {tokens.error.message}</ErrorBox> : null}
      {tokens.data?.length === 0 ? <EmptyState>No tokens yet.</EmptyState> : null}
      {tokens.data && tokens.data.length > 0 ? (
        <DataTable columns={["Name", "Token", "Scope", "Last used", "Expires", "State", ""]}>
          {tokens.data.map((token) => (
            <tr key={token.id} aria-label={`Token ${token.name}`} className="border-t border-slate-100">
              <td className="px-3 py-2 font-medium">{token.name}</td>
              <td className="px-3 py-2 font-mono text-xs">{token.prefix}</td>
              <td className="px-3 py-2">{token.scope}</td>
              <td className="px-3 py-2 text-slate-600">{when(token.last_used_at, "never")}</td>
              <td className="px-3 py-2 text-slate-600">{when(token.expires_at, "never")}</td>
              <td className="px-3 py-2">{stateOf(token)}</td>
              <td className="px-3 py-2 text-right">
                {token.revoked_at ? null : (
                  <Button variant="secondary" className="px-2 py-1 text-xs" disabled={revoke.isPending} onClick={() => revoke.mutate(token.id)}>
                    Revoke
                  </Button>
                )}
              </td>
            </tr>
          ))}
        </DataTable>
      ) : null}
      {revoke.isError ? <ErrorBox>{revoke.error.message}</ErrorBox> : null}
      <NewToken />
    </div>
  );
}

function NewToken() {
  const create = useCreateApiToken();
  const [name, setName] = useState("");
  const [scope, setScope] = useState<ApiTokenScopeName>("deploy");
  const [days, setDays] = useState("90");

  function submit(event: FormEvent) {
    event.preventDefault();
    create.mutate({ name, scope, expires_in_days: days === "never" ? null : Number(days) }, { onSuccess: () => setName("") });
  }

  return (
    <section aria-labelledby="new-token-heading" className="space-y-3 rounded-lg border border-slate-200 bg-white p-4">
      <h2 id="new-token-heading" className="text-lg font-semibold">
        New token
      </h2>
      <form onSubmit={submit} method="post" className="grid gap-3 sm:grid-cols-3">
        <Field id="token-name" label="Name">
          <TextInput id="token-name" required maxLength={80} value={name} onChange={(event) => setName(event.target.value)} placeholder="CI deploys" />
        </Field>
        <Field id="token-scope" label="Scope">
          <Select id="token-scope" value={scope} onChange={(event) => setScope(event.target.value as ApiTokenScopeName)}>
            {API_TOKEN_SCOPES.map((option) => (
              <option key={option} value={option}>
                {API_TOKEN_SCOPE_WORDS[option]}
              </option>
            ))}
          </Select>
        </Field>
        <Field id="token-expiry" label="Expires">
          <Select id="token-expiry" value={days} onChange={(event) => setDays(event.target.value)}>
            <option value="30">in 30 days</option>
            <option value="90">in 90 days</option>
            <option value="366">in a year</option>
            <option value="never">never</option>
          </Select>
        </Field>
        <div className="sm:col-span-3">
          <Button type="submit" disabled={create.isPending}>
            {create.isPending ? "Creating…" : "Create token"}
          </Button>
        </div>
      </form>
      {create.isError ? <ErrorBox>{create.error.message}</ErrorBox> : null}
      {create.data ? (
        <div role="status" className="space-y-2 rounded-md border border-amber-200 bg-amber-50 p-3 text-sm">
          <p>
            The token <strong>{create.data.token.name}</strong> is shown this once: send it as <code>Authorization: Bearer …</code>.
          </p>
          <code aria-label="The new token" className="block break-all font-mono text-xs">
            {create.data.secret}
          </code>
          <CopyButton value={create.data.secret} label="Copy token" />
        </div>
      ) : null}
    </section>
  );
}
