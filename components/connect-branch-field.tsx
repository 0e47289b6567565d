"use client";

import { Field, Select, TextInput } from "@/components/ui/field";
import { Loading } from "@/components/ui/states";
import { useBranches, type RepositoryChoice } from "@/lib/client/hooks/use-repositories";
import type { OAuthProvider } from "@/lib/shared/providers/labels";

// The provider's branches to pick from, the default one first; typed by hand when they cannot be listed.
export function BranchField({ provider, repository, value, onChange, error }: { provider: OAuthProvider; repository: RepositoryChoice; value: string; onChange: (event: { target: { value: string } }) => void; error?: string }) {
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
