"use client";

import Link from "next/link";
import { useEffect, useState, type FormEvent, type ReactNode } from "react";
import { LinkProviderButton } from "@/components/link-provider-button";
import { Button, ButtonLink } from "@/components/ui/button";
import { Field, Select, TextInput } from "@/components/ui/field";
import { EmptyState, ErrorBox, Loading } from "@/components/ui/states";
import { HttpError } from "@/lib/http-client";
import { useRetryWebhook } from "@/lib/hooks/use-connections";
import { useBranches, useConnectRepository, useRepositories, type ConnectResult, type RepositoryChoice } from "@/lib/hooks/use-repositories";
import { providerLabel } from "@/lib/providers/labels";
import type { OAuthProvider } from "@/lib/providers/types";

export interface ProviderOption {
  id: OAuthProvider;
  name: string;
  linked: boolean;
}

const SEARCH_DELAY_MS = 300;

function useDebounced(value: string, delay: number): string {
  const [settled, setSettled] = useState(value);
  useEffect(() => {
    const timer = setTimeout(() => setSettled(value), delay);
    return () => clearTimeout(timer);
  }, [value, delay]);
  return settled;
}

// Provider → repository → branch → build settings → connect, each step shown once the one before is chosen.
export function ConnectWizard({ providers, initialProvider }: { providers: ProviderOption[]; initialProvider: string | null }) {
  const [provider, setProvider] = useState<OAuthProvider | null>(providers.find((option) => option.id === initialProvider && option.linked)?.id ?? null);
  const [repository, setRepository] = useState<RepositoryChoice | null>(null);
  const connect = useConnectRepository();

  if (connect.data) return <ConnectOutcome result={connect.data} />;

  return (
    <div className="space-y-6">
      <Step number={1} title="Git provider">
        {providers.length === 0 ? (
          <p className="text-sm text-slate-600">
            No OAuth app is configured for this instance (see the README&apos;s configuration), so there is nothing to connect through.{" "}
            <Link href="/services/new" className="text-sky-700 underline">
              Add a service by its clone URL
            </Link>{" "}
            instead.
          </p>
        ) : (
          <fieldset>
            <legend className="sr-only">Git provider</legend>
            <div className="flex flex-wrap gap-2">
              {providers.map((option) =>
                option.linked ? (
                  <label key={option.id} className="flex cursor-pointer items-center gap-2 rounded-md border border-slate-300 px-3 py-2 text-sm has-checked:border-sky-600 has-checked:bg-sky-50">
                    <input
                      type="radio"
                      name="provider"
                      value={option.id}
                      checked={provider === option.id}
                      onChange={() => {
                        setProvider(option.id);
                        setRepository(null);
                      }}
                    />
                    {option.name}
                  </label>
                ) : (
                  <LinkProviderButton key={option.id} id={option.id} name={option.name} callbackUrl={`/services/connect?provider=${option.id}`} />
                ),
              )}
            </div>
          </fieldset>
        )}
      </Step>
      {provider ? (
        <Step number={2} title="Repository">
          <RepositoryPicker provider={provider} selected={repository} onSelect={setRepository} />
        </Step>
      ) : null}
      {provider && repository ? <SettingsForm key={repository.full_name} provider={provider} repository={repository} connect={connect} /> : null}
    </div>
  );
}

function Step({ number, title, children }: { number: number; title: string; children: ReactNode }) {
  return (
    <section aria-labelledby={`step-${number}`} className="space-y-3 rounded-lg border border-slate-200 bg-white p-5">
      <h2 id={`step-${number}`} className="text-sm font-semibold text-slate-900">
        <span className="mr-2 inline-flex h-6 w-6 items-center justify-center rounded-full bg-slate-900 text-xs text-white">{number}</span>
        {title}
      </h2>
      {children}
    </section>
  );
}

function RepositoryPicker({ provider, selected, onSelect }: { provider: string; selected: RepositoryChoice | null; onSelect: (repository: RepositoryChoice) => void }) {
  const [search, setSearch] = useState("");
  const query = useDebounced(search.trim(), SEARCH_DELAY_MS);
  const repositories = useRepositories(provider, query);
  const choices = repositories.data?.pages.flatMap((page) => page.repositories) ?? [];

  return (
    <div className="space-y-3">
      <Field id="repository-search" label="Search your repositories">
        <TextInput id="repository-search" type="search" value={search} onChange={(event) => setSearch(event.target.value)} placeholder="name" autoComplete="off" />
      </Field>
      {repositories.isPending ? <Loading label="Loading repositories" className="h-24" /> : null}
      {repositories.isError ? (
        <ErrorBox>
          {repositories.error.message}
          {repositories.error instanceof HttpError && repositories.error.status === 401 ? null : (
            <Button variant="secondary" className="ml-3" onClick={() => repositories.refetch()}>
              Try again
            </Button>
          )}
        </ErrorBox>
      ) : null}
      {repositories.isSuccess && choices.length === 0 ? <EmptyState>{query ? `No repository matches “${query}”.` : `No repositories on ${providerLabel(provider)} for this account.`}</EmptyState> : null}
      {choices.length > 0 ? (
        <fieldset>
          <legend className="sr-only">Repository</legend>
          <ul className="max-h-72 divide-y divide-slate-100 overflow-y-auto rounded-md border border-slate-200">
            {choices.map((repository) => (
              <li key={repository.id || repository.full_name}>
                <label className="flex cursor-pointer items-center gap-3 px-3 py-2 text-sm hover:bg-slate-50 has-checked:bg-sky-50">
                  <input type="radio" name="repository" value={repository.full_name} checked={selected?.full_name === repository.full_name} onChange={() => onSelect(repository)} />
                  <span className="min-w-0 flex-1 truncate font-medium">{repository.full_name}</span>
                  {repository.private ? <span className="rounded bg-slate-100 px-1.5 text-xs text-slate-600">private</span> : null}
                  {repository.default_branch ? <span className="font-mono text-xs text-slate-500">{repository.default_branch}</span> : null}
                </label>
              </li>
            ))}
          </ul>
        </fieldset>
      ) : null}
      {repositories.hasNextPage ? (
        <Button variant="secondary" disabled={repositories.isFetchingNextPage} onClick={() => repositories.fetchNextPage()}>
          {repositories.isFetchingNextPage ? "Loading…" : "Load more"}
        </Button>
      ) : null}
    </div>
  );
}

interface Settings {
  name: string;
  branch: string;
  dockerfile_path: string;
  context_dir: string;
  container_port: string;
  health_check_path: string;
  health_check_timeout_s: string;
}

function serviceName(fullName: string): string {
  return (fullName.split("/").at(-1) ?? "").toLowerCase().replace(/[^a-z0-9-]+/g, "-").replace(/^-+|-+$/g, "");
}

function SettingsForm({ provider, repository, connect }: { provider: OAuthProvider; repository: RepositoryChoice; connect: ReturnType<typeof useConnectRepository> }) {
  const [values, setValues] = useState<Settings>({
    name: serviceName(repository.full_name),
    branch: repository.default_branch ?? "main",
    dockerfile_path: "Dockerfile",
    context_dir: ".",
    container_port: "3000",
    health_check_path: "/",
    health_check_timeout_s: "60",
  });
  const set = (field: keyof Settings) => (event: { target: { value: string } }) => setValues((current) => ({ ...current, [field]: event.target.value }));
  const fieldErrors = connect.error instanceof HttpError ? Object.fromEntries(connect.error.fieldErrors.map((entry) => [entry.field, entry.message])) : {};
  const text = (field: keyof Settings, apiField: string, label: string, hint?: string) => (
    <Field id={field} label={label} hint={hint} error={fieldErrors[apiField]}>
      <TextInput id={field} name={field} value={values[field]} onChange={set(field)} error={fieldErrors[apiField]} />
    </Field>
  );

  function submit(event: FormEvent) {
    event.preventDefault();
    const number = (value: string) => (value.trim() === "" ? Number.NaN : Number(value));
    connect.mutate({
      provider,
      repository_full_name: repository.full_name,
      name: values.name.trim(),
      branch: values.branch.trim(),
      build: { dockerfile_path: values.dockerfile_path, context_dir: values.context_dir },
      runtime: {
        container_port: number(values.container_port),
        health_check_path: values.health_check_path,
        health_check_timeout_s: number(values.health_check_timeout_s),
      },
    });
  }

  return (
    <form onSubmit={submit} noValidate className="space-y-6">
      <Step number={3} title="Branch">
        <div className="grid gap-4 sm:grid-cols-2">
          <BranchField provider={provider} repository={repository} value={values.branch} onChange={set("branch")} error={fieldErrors.branch} />
          {text("name", "name", "Service name", "Lower-case letters, digits and hyphens. Becomes its host name.")}
        </div>
      </Step>
      <Step number={4} title="Build settings">
        <div className="grid gap-4 sm:grid-cols-2">
          {text("dockerfile_path", "build.dockerfile_path", "Dockerfile path")}
          {text("context_dir", "build.context_dir", "Build context directory")}
        </div>
        <div className="grid gap-4 sm:grid-cols-3">
          {text("container_port", "runtime.container_port", "Container port")}
          {text("health_check_path", "runtime.health_check_path", "Health-check path")}
          {text("health_check_timeout_s", "runtime.health_check_timeout_s", "Health-check timeout (s)")}
        </div>
      </Step>
      {connect.isError ? <ErrorBox>{connect.error.message}</ErrorBox> : null}
      <Button type="submit" disabled={connect.isPending}>
        {connect.isPending ? "Connecting…" : `Connect ${repository.full_name}`}
      </Button>
    </form>
  );
}

// The provider's branches to pick from, the default one first; typed by hand when they cannot be listed.
function BranchField({ provider, repository, value, onChange, error }: { provider: OAuthProvider; repository: RepositoryChoice; value: string; onChange: (event: { target: { value: string } }) => void; error?: string }) {
  const branches = useBranches(provider, repository.full_name);
  const hint = repository.default_branch ? `The repository's default branch is ${repository.default_branch}.` : undefined;
  if (branches.isPending) return <Loading label="Loading branches" className="h-16" />;
  const names = branches.data ?? [];
  if (names.length === 0) {
    const why = branches.isError ? `Could not list the branches (${branches.error.message}); type one.` : hint;
    return (
      <Field id="branch" label="Branch to deploy" hint={why} error={error}>
        <TextInput id="branch" name="branch" value={value} onChange={onChange} error={error} />
      </Field>
    );
  }
  const ordered = [...names].sort((a, b) => Number(b === repository.default_branch) - Number(a === repository.default_branch) || a.localeCompare(b));
  return (
    <Field id="branch" label="Branch to deploy" hint={hint} error={error}>
      <Select id="branch" name="branch" value={value} onChange={onChange}>
        {ordered.includes(value) ? null : <option value={value}>{value}</option>}
        {ordered.map((name) => (
          <option key={name} value={name}>
            {name}
            {name === repository.default_branch ? " (default)" : ""}
          </option>
        ))}
      </Select>
    </Field>
  );
}

function ConnectOutcome({ result }: { result: ConnectResult }) {
  const retry = useRetryWebhook();
  const connection = retry.data ?? result.connection;
  const provider = providerLabel(connection.provider);
  return (
    <section aria-labelledby="connected-heading" className="space-y-4 rounded-lg border border-slate-200 bg-white p-5">
      <h2 id="connected-heading" className="text-lg font-semibold">
        Connected {connection.repository_full_name}
      </h2>
      {connection.webhook_status === "failed" ? (
        <div role="alert" className="space-y-2 rounded-md border border-red-200 bg-red-50 px-3 py-2 text-sm text-red-800">
          <p>The service was created, but {provider} did not take the webhook: {connection.last_error}</p>
          <Button variant="secondary" disabled={retry.isPending} onClick={() => retry.mutate(connection.id)}>
            {retry.isPending ? "Retrying…" : "Try the webhook again"}
          </Button>
          {retry.isError ? <p>{retry.error.message}</p> : null}
        </div>
      ) : (
        <p role="status" className="rounded-md bg-emerald-50 px-3 py-2 text-sm text-emerald-800">
          ✓ Webhook installed on {provider}: every push to <span className="font-mono">{connection.branch}</span> deploys {result.service.name}.
        </p>
      )}
      <ButtonLink href={`/services/${result.service.id}`}>Open {result.service.name}</ButtonLink>
    </section>
  );
}
