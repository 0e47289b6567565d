"use client";

import Link from "next/link";
import { useState, type FormEvent, type ReactNode } from "react";
import { BranchField } from "@/components/connect-branch-field";
import { ConnectOutcome } from "@/components/connect-outcome";
import { RepositoryPicker } from "@/components/connect-repository-picker";
import { LinkProviderButton } from "@/components/link-provider-button";
import { Button } from "@/components/ui/button";
import { Field, TextInput } from "@/components/ui/field";
import { ErrorBox } from "@/components/ui/states";
import { HttpError } from "@/lib/client/api-fetch";
import { useConnectRepository, type RepositoryChoice } from "@/lib/client/hooks/use-repositories";
import type { OAuthProvider } from "@/lib/shared/providers/labels";
import type { ConnectMode } from "@/lib/shared/validations/connection";
import { serviceNameFor } from "@/lib/shared/services/service-name";

export interface ProviderOption {
  id: OAuthProvider;
  name: string;
  linked: boolean;
}

const MODES: { id: ConnectMode; label: string; hint: string }[] = [
  { id: "both", label: "Deploy it and watch its CI", hint: "A service deploys every push; failed CI runs become incidents." },
  { id: "deploy", label: "Deploy it", hint: "A service deploys every push; CI is not watched." },
  { id: "ci", label: "Watch its CI only", hint: "No service: failed CI runs become incidents, and queued GitHub jobs can get runners." },
];

// Provider → repository → what Berth should do → (to deploy) branch and build settings → connect, each step
// shown once the one before is chosen.
export function ConnectWizard({ providers, initialProvider, initialMode }: { providers: ProviderOption[]; initialProvider: string | null; initialMode: ConnectMode }) {
  const [provider, setProvider] = useState<OAuthProvider | null>(providers.find((option) => option.id === initialProvider && option.linked)?.id ?? null);
  const [repository, setRepository] = useState<RepositoryChoice | null>(null);
  const [mode, setMode] = useState<ConnectMode>(initialMode);
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
      {provider && repository ? (
        <Step number={3} title="What should Berth do?">
          <fieldset>
            <legend className="sr-only">What should Berth do?</legend>
            <div className="grid gap-2 sm:grid-cols-3">
              {MODES.map((option) => (
                <label key={option.id} className="flex cursor-pointer gap-2 rounded-md border border-slate-300 px-3 py-2 text-sm has-checked:border-sky-600 has-checked:bg-sky-50">
                  <input type="radio" name="mode" value={option.id} checked={mode === option.id} onChange={() => setMode(option.id)} className="mt-1" />
                  <span>
                    <span className="font-medium">{option.label}</span>
                    <span className="block text-xs text-slate-600">{option.hint}</span>
                  </span>
                </label>
              ))}
            </div>
          </fieldset>
        </Step>
      ) : null}
      {provider && repository && mode === "ci" ? <WatchCiForm provider={provider} repository={repository} connect={connect} /> : null}
      {provider && repository && mode !== "ci" ? <SettingsForm key={repository.full_name} provider={provider} repository={repository} mode={mode} connect={connect} /> : null}
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

interface Settings {
  name: string;
  branch: string;
  dockerfile_path: string;
  context_dir: string;
  container_port: string;
  health_check_path: string;
  health_check_timeout_s: string;
}

type Connect = ReturnType<typeof useConnectRepository>;

// Nothing to set for a CI-only connection: the hook subscribes to the provider's CI events.
function WatchCiForm({ provider, repository, connect }: { provider: OAuthProvider; repository: RepositoryChoice; connect: Connect }) {
  function submit(event: FormEvent) {
    event.preventDefault();
    connect.mutate({ provider, repository_full_name: repository.full_name, mode: "ci" });
  }
  return (
    <form onSubmit={submit} noValidate className="space-y-4">
      {connect.isError ? <ErrorBox>{connect.error.message}</ErrorBox> : null}
      <Button type="submit" disabled={connect.isPending}>
        {connect.isPending ? "Connecting…" : `Watch the CI of ${repository.full_name}`}
      </Button>
    </form>
  );
}

function SettingsForm({ provider, repository, mode, connect }: { provider: OAuthProvider; repository: RepositoryChoice; mode: Exclude<ConnectMode, "ci">; connect: Connect }) {
  const [values, setValues] = useState<Settings>({
    name: serviceNameFor(repository.full_name),
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
      mode,
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
      <Step number={4} title="Branch">
        <div className="grid gap-4 sm:grid-cols-2">
          <BranchField provider={provider} repository={repository} value={values.branch} onChange={set("branch")} error={fieldErrors.branch} />
          {text("name", "name", "Service name", "Lower-case letters, digits and hyphens. Becomes its host name.")}
        </div>
      </Step>
      <Step number={5} title="Build settings">
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

