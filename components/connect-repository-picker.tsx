"use client";

import { useState } from "react";
import { Button } from "@/components/ui/button";
import { Field, TextInput } from "@/components/ui/field";
import { EmptyState, ErrorBox, Loading } from "@/components/ui/states";
import { HttpError } from "@/lib/client/api-fetch";
import { useDebounced } from "@/lib/client/hooks/use-debounced";
import { useRepositories, type RepositoryChoice } from "@/lib/client/hooks/use-repositories";
import { providerLabel } from "@/lib/shared/providers/labels";

const SEARCH_DELAY_MS = 300;

// The signed-in user's repositories at a provider, searched as they type, a page at a time.
export function RepositoryPicker({ provider, selected, onSelect }: { provider: string; selected: RepositoryChoice | null; onSelect: (repository: RepositoryChoice) => void }) {
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
            <Button variant="secondary" className="ml-3" onClick={() => void repositories.refetch()}>
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
        <Button variant="secondary" disabled={repositories.isFetchingNextPage} onClick={() => void repositories.fetchNextPage()}>
          {repositories.isFetchingNextPage ? "Loading…" : "Load more"}
        </Button>
      ) : null}
    </div>
  );
}
