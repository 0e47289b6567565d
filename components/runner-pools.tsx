"use client";

import { useState, type FormEvent } from "react";
import { Button } from "@/components/ui/button";
import { Field, TextInput } from "@/components/ui/field";
import { ErrorBox, Loading } from "@/components/ui/states";
import { usePoolStatus, useCreatePool, useDeletePool, useRunnerPools, type RunnerPoolResponse } from "@/lib/client/hooks/use-runners";

// An admin's runner pools: what each runs, how busy it is, a new one, and removing one.
export function RunnerPools() {
  const pools = useRunnerPools(true);
  return (
    <section aria-label="Runner pools" className="space-y-3">
      <h2 className="text-lg font-semibold">Pools</h2>
      {pools.isPending ? (
        <Loading label="Loading runner pools" className="h-24" />
      ) : pools.isError ? (
        <ErrorBox>Could not load runner pools: {pools.error.message}</ErrorBox>
      ) : (
        <ul className="space-y-2">
          {pools.data.pools.map((pool) => (
            <PoolCard key={pool.id} pool={pool} />
          ))}
        </ul>
      )}
      <NewPool />
    </section>
  );
}

function PoolCard({ pool }: { pool: RunnerPoolResponse }) {
  const status = usePoolStatus(pool.id);
  const remove = useDeletePool();
  return (
    <li aria-label={`Pool ${pool.name}`} className="flex flex-wrap items-start justify-between gap-3 rounded-lg border border-slate-200 bg-white p-4 text-sm">
      <div>
        <div className="font-medium">{pool.name}</div>
        <div className="text-slate-600">
          labels <span className="font-mono">{["self-hosted", ...pool.labels].join(", ")}</span> · {pool.image} · up to {pool.max_runners} at once · idle runners removed after {pool.idle_ttl_s} s
          {pool.repositories.length > 0 ? ` · for ${pool.repositories.join(", ")}` : " · every connected repository"}
        </div>
        {status.data ? (
          <div className="mt-1 text-slate-700">
            {status.data.busy} busy · {status.data.idle} starting · {status.data.queued} queued · {status.data.started_per_minute} started/min
          </div>
        ) : null}
      </div>
      <Button variant="secondary" disabled={remove.isPending} onClick={() => remove.mutate(pool.id)}>
        Remove pool
      </Button>
      {remove.isError ? <ErrorBox>{remove.error.message}</ErrorBox> : null}
    </li>
  );
}

function NewPool() {
  const create = useCreatePool();
  const [form, setForm] = useState({ name: "", labels: "", image: "ghcr.io/actions/actions-runner:latest", max_runners: "2" });
  const set = (key: keyof typeof form) => (event: { target: { value: string } }) => setForm((current) => ({ ...current, [key]: event.target.value }));
  function submit(event: FormEvent) {
    event.preventDefault();
    const labels = form.labels.split(",").map((label) => label.trim()).filter(Boolean);
    create.mutate(
      { name: form.name.trim(), labels, image: form.image.trim(), max_runners: Number(form.max_runners) },
      { onSuccess: () => setForm((current) => ({ ...current, name: "", labels: "" })) },
    );
  }
  return (
    <form onSubmit={submit} aria-label="New runner pool" className="grid gap-3 rounded-lg border border-dashed border-slate-300 p-4 sm:grid-cols-4">
      <Field id="pool-name" label="Name">
        <TextInput id="pool-name" required value={form.name} onChange={set("name")} placeholder="linux" />
      </Field>
      <Field id="pool-labels" label="Labels" hint="besides self-hosted, comma-separated">
        <TextInput id="pool-labels" value={form.labels} onChange={set("labels")} placeholder="linux, x64" />
      </Field>
      <Field id="pool-image" label="Runner image">
        <TextInput id="pool-image" required value={form.image} onChange={set("image")} />
      </Field>
      <Field id="pool-max" label="At most">
        <TextInput id="pool-max" type="number" min={1} max={100} required value={form.max_runners} onChange={set("max_runners")} />
      </Field>
      <div className="sm:col-span-4">
        <Button type="submit" disabled={create.isPending}>
          Add pool
        </Button>
        {create.isError ? <p role="alert" className="mt-2 text-sm text-red-700">{create.error.message}</p> : null}
      </div>
    </form>
  );
}
