"use client";

import { useRouter } from "next/navigation";
import { useState, type FormEvent } from "react";
import { Button } from "@/components/ui/button";
import { useHydrated } from "@/lib/client/hooks/use-hydrated";
import { Field, Select, TextArea, TextInput } from "@/components/ui/field";
import { HttpError } from "@/lib/client/api-fetch";
import { useCreateService, useUpdateService, type ServiceResponse } from "@/lib/client/hooks/use-services";
import type { GitAuth, TargetInput, UpdateServiceInput } from "@/lib/shared/validations/service";

const PROVIDERS = [
  { value: "github", label: "GitHub" },
  { value: "gitlab", label: "GitLab" },
  { value: "bitbucket", label: "Bitbucket" },
  { value: "gitea", label: "Gitea / Forgejo" },
  { value: "git", label: "Other Git server" },
] as const;

type Provider = (typeof PROVIDERS)[number]["value"];
type AuthChoice = "keep" | "none" | "token" | "ssh_key";

interface Values {
  name: string;
  provider: Provider;
  clone_url: string;
  repository_full_name: string;
  branch: string;
  auth: AuthChoice;
  token: string;
  private_key: string;
  dockerfile_path: string;
  context_dir: string;
  build_args: string;
  build_timeout_s: string;
  container_port: string;
  health_check_path: string;
  health_check_timeout_s: string;
  memory_limit_mb: string;
  env_vars: string;
  target: TargetInput["kind"];
  replicas: string;
  stack_id: string;
}

// The instance's container defaults, shown beside the fields that override them.
export type ContainerDefaults = { memory_mb: number; pids: number };

const EMPTY: Values = {
  name: "",
  provider: "github",
  clone_url: "",
  repository_full_name: "",
  branch: "main",
  auth: "none",
  token: "",
  private_key: "",
  dockerfile_path: "Dockerfile",
  context_dir: ".",
  build_args: "",
  build_timeout_s: "900",
  container_port: "3000",
  health_check_path: "/",
  health_check_timeout_s: "60",
  memory_limit_mb: "",
  env_vars: "",
  target: "docker",
  replicas: "2",
  stack_id: "",
};

function fromService(service: ServiceResponse): Values {
  return {
    ...EMPTY,
    name: service.name,
    provider: service.provider,
    clone_url: service.clone_url,
    repository_full_name: service.repository_full_name ?? "",
    branch: service.branch,
    auth: service.git_auth ? "keep" : "none",
    dockerfile_path: service.build.dockerfile_path,
    context_dir: service.build.context_dir,
    build_args: Object.entries(service.build.build_args)
      .map(([key, value]) => `${key}=${value}`)
      .join("\n"),
    build_timeout_s: String(service.build.build_timeout_s),
    container_port: String(service.runtime.container_port),
    health_check_path: service.runtime.health_check_path,
    health_check_timeout_s: String(service.runtime.health_check_timeout_s),
    memory_limit_mb: service.runtime.memory_limit_mb === null ? "" : String(service.runtime.memory_limit_mb),
    target: service.target.kind,
    replicas: service.target.kind === "swarm" ? String(service.target.replicas) : EMPTY.replicas,
    stack_id: service.target.kind === "portainer" ? String(service.target.stack_id) : "",
  };
}

function targetSettings(values: Values): TargetInput {
  if (values.target === "swarm") return { kind: "swarm", replicas: toNumber(values.replicas) };
  if (values.target === "portainer") return { kind: "portainer", stack_id: toNumber(values.stack_id) };
  return { kind: "docker" };
}

// KEY=VALUE per line; blank lines and # comments are skipped. Bad lines are left for the server to name.
function parsePairs(text: string): Record<string, string> {
  const pairs: Record<string, string> = {};
  for (const raw of text.split("\n")) {
    const line = raw.trim();
    if (!line || line.startsWith("#")) continue;
    const at = line.indexOf("=");
    pairs[at === -1 ? line : line.slice(0, at).trim()] = at === -1 ? "" : line.slice(at + 1);
  }
  return pairs;
}

function gitAuth(values: Values): GitAuth | null | undefined {
  if (values.auth === "keep") return undefined;
  if (values.auth === "token") return { type: "token", token: values.token };
  if (values.auth === "ssh_key") return { type: "ssh_key", private_key: values.private_key };
  return null;
}

function toNumber(value: string): number {
  return value.trim() === "" ? Number.NaN : Number(value);
}

// Empty means the instance default.
function toLimit(value: string): number | null {
  return value.trim() === "" ? null : Number(value);
}

function useFormErrors() {
  const [errors, setErrors] = useState<{ summary?: string; fields: Record<string, string> }>({ fields: {} });
  return {
    errors,
    clear: () => setErrors({ fields: {} }),
    show(error: unknown) {
      if (error instanceof HttpError) {
        setErrors({ summary: error.message, fields: Object.fromEntries(error.fieldErrors.map((entry) => [entry.field, entry.message])) });
      } else {
        setErrors({ summary: "Could not reach Berth. Check your connection and try again.", fields: {} });
      }
    },
  };
}

// The form's build and runtime sections as the API takes them (env vars differ: new, or a patch).
function buildSettings(values: Values) {
  return {
    dockerfile_path: values.dockerfile_path,
    context_dir: values.context_dir,
    build_args: parsePairs(values.build_args),
    build_timeout_s: toNumber(values.build_timeout_s),
  };
}

function runtimeSettings(values: Values) {
  return {
    container_port: toNumber(values.container_port),
    health_check_path: values.health_check_path,
    health_check_timeout_s: toNumber(values.health_check_timeout_s),
    memory_limit_mb: toLimit(values.memory_limit_mb),
  };
}

export function NewServiceForm({ defaults }: { defaults: ContainerDefaults }) {
  const router = useRouter();
  const create = useCreateService();
  const form = useFormErrors();

  async function submit(values: Values) {
    form.clear();
    try {
      const auth = gitAuth(values);
      const service = await create.mutateAsync({
        name: values.name.trim(),
        provider: values.provider,
        clone_url: values.clone_url.trim(),
        repository_full_name: values.repository_full_name.trim() || undefined,
        branch: values.branch.trim(),
        git_auth: auth ?? undefined,
        build: buildSettings(values),
        runtime: { ...runtimeSettings(values), env_vars: parsePairs(values.env_vars) },
        target: targetSettings(values),
      });
      router.push(`/services/${service.id}`);
    } catch (error) {
      form.show(error);
    }
  }

  return <ServiceFields initial={EMPTY} defaults={defaults} submitLabel="Create service" pending={create.isPending} errors={form.errors} onSubmit={submit} />;
}

export function EditServiceForm({ service }: { service: ServiceResponse }) {
  const update = useUpdateService(service.id);
  const form = useFormErrors();
  const [removedVars, setRemovedVars] = useState<string[]>([]);
  const [saved, setSaved] = useState(false);

  async function submit(values: Values) {
    form.clear();
    setSaved(false);
    try {
      const envVars: Record<string, string | null> = Object.fromEntries(removedVars.map((name) => [name, null]));
      Object.assign(envVars, parsePairs(values.env_vars));
      const patch: UpdateServiceInput = {
        name: values.name.trim(),
        provider: values.provider,
        clone_url: values.clone_url.trim(),
        repository_full_name: values.repository_full_name.trim() || null,
        branch: values.branch.trim(),
        git_auth: gitAuth(values),
        build: buildSettings(values),
        runtime: { ...runtimeSettings(values), env_vars: envVars },
        target: targetSettings(values),
      };
      await update.mutateAsync(patch);
      setRemovedVars([]);
      setSaved(true);
    } catch (error) {
      form.show(error);
    }
  }

  return (
    <ServiceFields
      key={service.updated_at}
      initial={fromService(service)}
      defaults={{ memory_mb: service.runtime.limits.memory_mb, pids: service.runtime.limits.pids }}
      defaultMemory={service.runtime.memory_limit_mb === null}
      submitLabel="Save changes"
      pending={update.isPending}
      errors={form.errors}
      onSubmit={submit}
      existingAuth={service.git_auth?.type}
      existingVars={service.runtime.env_var_names.filter((name) => !removedVars.includes(name))}
      onRemoveVar={(name) => setRemovedVars((names) => [...names, name])}
      status={saved ? "Saved." : undefined}
    />
  );
}

interface FieldsProps {
  initial: Values;
  defaults: ContainerDefaults;
  // The service runs on the instance's memory default (so defaults.memory_mb is that default).
  defaultMemory?: boolean;
  submitLabel: string;
  pending: boolean;
  errors: { summary?: string; fields: Record<string, string> };
  onSubmit: (values: Values) => Promise<void>;
  existingAuth?: "token" | "ssh_key";
  existingVars?: string[];
  onRemoveVar?: (name: string) => void;
  status?: string;
}

function ServiceFields({ initial, defaults, defaultMemory = true, submitLabel, pending, errors, onSubmit, existingAuth, existingVars, onRemoveVar, status }: FieldsProps) {
  const [values, setValues] = useState(initial);
  // Its fields carry credentials and env vars: never submitted before React handles the submit.
  const hydrated = useHydrated();
  const set = (field: keyof Values) => (event: { target: { value: string } }) => setValues((current) => ({ ...current, [field]: event.target.value }));
  const error = (field: string) => errors.fields[field];
  // A labelled text input bound to one value, with the API's message for its path.
  const input = (field: keyof Values, path: string, label: string, options: { hint?: string; numeric?: boolean; placeholder?: string; required?: boolean } = {}) => (
    <Field id={field} label={label} hint={options.hint} error={error(path)}>
      <TextInput
        id={field}
        name={field}
        required={options.required}
        inputMode={options.numeric ? "numeric" : undefined}
        value={values[field]}
        onChange={set(field)}
        placeholder={options.placeholder}
        error={error(path)}
      />
    </Field>
  );

  function submit(event: FormEvent) {
    event.preventDefault();
    void onSubmit(values);
  }

  return (
    <form method="post" onSubmit={submit} noValidate className="space-y-8">
      {errors.summary ? (
        <div role="alert" className="rounded-md border border-red-200 bg-red-50 px-4 py-3 text-sm text-red-800">
          {errors.summary}
        </div>
      ) : null}

      <fieldset className="space-y-4 rounded-lg border border-slate-200 bg-white p-5">
        <legend className="px-1 text-sm font-semibold text-slate-900">Repository</legend>
        <div className="grid gap-4 sm:grid-cols-2">
          {input("name", "name", "Service name", { required: true, placeholder: "my-app", hint: "Lower-case letters, digits and hyphens. Becomes its host name." })}
          <Field id="provider" label="Git provider" error={error("provider")}>
            <Select id="provider" name="provider" value={values.provider} onChange={set("provider")}>
              {PROVIDERS.map((provider) => (
                <option key={provider.value} value={provider.value}>
                  {provider.label}
                </option>
              ))}
            </Select>
          </Field>
        </div>
        {input("clone_url", "clone_url", "Clone URL", {
          required: true,
          placeholder: "https://github.com/acme/web.git",
          hint: "https://…, ssh://… or git@host:owner/repo.git (file://, http:// and private addresses only where the operator allows them)",
        })}
        <div className="grid gap-4 sm:grid-cols-2">
          {input("branch", "branch", "Branch to deploy", { required: true })}
          {input("repository_full_name", "repository_full_name", "Repository (owner/name)", { placeholder: "acme/web", hint: "Optional; read from the clone URL when left empty." })}
        </div>
        <Field id="auth" label="Access" hint="Private repositories need an access token (https) or an SSH deploy key (ssh). Stored encrypted." error={error("git_auth")}>
          <Select id="auth" name="auth" value={values.auth} onChange={set("auth")}>
            {existingAuth ? <option value="keep">Keep the stored {existingAuth === "token" ? "access token" : "SSH deploy key"}</option> : null}
            <option value="none">{existingAuth ? "Remove the stored credential (public repository)" : "Public repository"}</option>
            <option value="token">Access token</option>
            <option value="ssh_key">SSH deploy key</option>
          </Select>
        </Field>
        {values.auth === "token" ? (
          <Field id="token" label="Access token" error={error("git_auth.token")}>
            <TextInput id="token" name="token" type="password" autoComplete="off" value={values.token} onChange={set("token")} error={error("git_auth.token")} />
          </Field>
        ) : null}
        {values.auth === "ssh_key" ? (
          <Field id="private_key" label="SSH private key" error={error("git_auth.private_key")}>
            <TextArea id="private_key" name="private_key" rows={5} value={values.private_key} onChange={set("private_key")} error={error("git_auth.private_key")} />
          </Field>
        ) : null}
      </fieldset>

      <fieldset className="space-y-4 rounded-lg border border-slate-200 bg-white p-5">
        <legend className="px-1 text-sm font-semibold text-slate-900">Build</legend>
        <div className="grid gap-4 sm:grid-cols-2">
          {input("dockerfile_path", "build.dockerfile_path", "Dockerfile path")}
          {input("context_dir", "build.context_dir", "Build context directory")}
        </div>
        <Field id="build_args" label="Build arguments" hint="One KEY=value per line." error={error("build.build_args")}>
          <TextArea id="build_args" name="build_args" rows={3} value={values.build_args} onChange={set("build_args")} error={error("build.build_args")} />
        </Field>
        {input("build_timeout_s", "build.build_timeout_s", "Build timeout (s)", {
          numeric: true,
          hint: "Fetch, build and push together; a build still running then is stopped and fails.",
        })}
      </fieldset>

      <fieldset className="space-y-4 rounded-lg border border-slate-200 bg-white p-5">
        <legend className="px-1 text-sm font-semibold text-slate-900">Runtime</legend>
        <div className="grid gap-4 sm:grid-cols-3">
          {input("container_port", "runtime.container_port", "Container port", { numeric: true })}
          {input("health_check_path", "runtime.health_check_path", "Health-check path")}
          {input("health_check_timeout_s", "runtime.health_check_timeout_s", "Health-check timeout (s)", { numeric: true })}
        </div>
        {input("memory_limit_mb", "runtime.memory_limit_mb", "Memory limit (MB)", {
          numeric: true,
          placeholder: defaultMemory ? String(defaults.memory_mb) : undefined,
          hint: `Empty: the instance default${defaultMemory ? ` (${defaults.memory_mb} MB)` : ""}. The build's RUN steps get the same limit; every container may run at most ${defaults.pids} processes.`,
        })}
        {existingVars && existingVars.length > 0 ? (
          <div>
            <p className="text-sm font-medium text-slate-700">Stored environment variables</p>
            <ul className="mt-2 flex flex-wrap gap-2">
              {existingVars.map((name) => (
                <li key={name} className="inline-flex items-center gap-1 rounded-md bg-slate-100 py-1 pl-2 pr-1 font-mono text-xs">
                  {name}=••••••
                  <button type="button" aria-label={`Remove ${name}`} onClick={() => onRemoveVar?.(name)} className="rounded px-1 text-slate-500 hover:bg-slate-200 hover:text-slate-900">
                    ×
                  </button>
                </li>
              ))}
            </ul>
          </div>
        ) : null}
        <Field
          id="env_vars"
          label={existingVars ? "Set environment variables" : "Environment variables"}
          hint={existingVars ? "One KEY=value per line; a stored name is replaced. Values are stored encrypted and never shown again." : "One KEY=value per line. Stored encrypted; values are never shown again."}
          error={error("runtime.env_vars")}
        >
          <TextArea id="env_vars" name="env_vars" rows={4} value={values.env_vars} onChange={set("env_vars")} error={error("runtime.env_vars")} placeholder="DATABASE_URL=postgres://…" />
        </Field>
      </fieldset>

      <fieldset className="space-y-4 rounded-lg border border-slate-200 bg-white p-5">
        <legend className="px-1 text-sm font-semibold text-slate-900">Deploy target</legend>
        <Field id="target" label="Where it runs" error={error("target")}>
          <Select id="target" name="target" value={values.target} onChange={set("target")} error={error("target")}>
            <option value="docker">A container on the Docker engine</option>
            <option value="swarm">A Docker Swarm service</option>
            <option value="portainer">A Portainer stack</option>
          </Select>
        </Field>
        {values.target === "swarm"
          ? input("replicas", "target.replicas", "Replicas", {
              numeric: true,
              hint: "Swarm starts each new task before it stops an old one, and rolls the update back itself when a task fails.",
            })
          : null}
        {values.target === "portainer"
          ? input("stack_id", "target.stack_id", "Portainer stack id", {
              numeric: true,
              hint: "The id in the stack's Portainer address (…/stacks/name?id=7). Its compose file must use image: ${BERTH_IMAGE}.",
            })
          : null}
      </fieldset>

      <div className="flex items-center gap-4">
        <Button type="submit" disabled={!hydrated || pending}>
          {pending ? "Saving…" : submitLabel}
        </Button>
        {status ? (
          <p role="status" className="text-sm text-emerald-700">
            {status}
          </p>
        ) : null}
      </div>
    </form>
  );
}
