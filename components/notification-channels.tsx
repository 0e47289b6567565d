"use client";

import { useState, type FormEvent } from "react";
import { Button } from "@/components/ui/button";
import { ConfirmPanel } from "@/components/ui/confirm-panel";
import { CopyButton } from "@/components/ui/copy-button";
import { Field, Select, TextInput } from "@/components/ui/field";
import { EmptyState, ErrorBox, Loading } from "@/components/ui/states";
import {
  useChannelDeliveries,
  useChannels,
  useCreateChannel,
  useDeleteChannel,
  useTestChannel,
  useUpdateChannel,
  type ChannelDeliveryResponse,
  type ChannelResponse,
} from "@/lib/client/hooks/use-channels";
import { useServices } from "@/lib/client/hooks/use-services";
import { CHANNEL_EVENTS, CHANNEL_KIND_LABELS, CHANNEL_KINDS, DEFAULT_CHANNEL_EVENTS, type ChannelEvent, type ChannelKindName } from "@/lib/shared/validations/channel";

// The signed-in user's channels: where each sends, whether it is failing, its log, and a new one.
export function NotificationChannels() {
  const channels = useChannels();
  return (
    <div className="space-y-6">
      <section aria-label="Channels" className="space-y-3">
        {channels.isPending ? <Loading label="Loading channels" /> : null}
        {channels.isError ? <ErrorBox>Could not load channels: {channels.error.message}</ErrorBox> : null}
        {channels.data?.length === 0 ? <EmptyState>No channels yet: notifications reach you in Berth only.</EmptyState> : null}
        <ul className="space-y-3">
          {channels.data?.map((channel) => (
            <ChannelCard key={channel.id} channel={channel} />
          ))}
        </ul>
      </section>
      <NewChannel />
    </div>
  );
}

function deliveryWords(delivery: ChannelDeliveryResponse): string {
  const when = new Date(delivery.created_at).toLocaleString();
  if (delivery.status === "sent") return `${delivery.test ? "Test message" : "Last message"} sent ${when}`;
  if (delivery.status === "pending") return delivery.last_error ? `Failing: ${delivery.last_error} (try ${delivery.attempts}, trying again)` : `Sending (${when})`;
  return `Failed after ${delivery.attempts} ${delivery.attempts === 1 ? "try" : "tries"}: ${delivery.last_error ?? "no reason given"}`;
}

function ChannelCard({ channel }: { channel: ChannelResponse }) {
  const [confirming, setConfirming] = useState(false);
  const [showLog, setShowLog] = useState(false);
  const update = useUpdateChannel(channel.id);
  const remove = useDeleteChannel(channel.id);
  const test = useTestChannel(channel.id);
  const last = channel.last_delivery;
  const failing = last && (last.status === "failed" || (last.status === "pending" && last.last_error));
  return (
    <li aria-label={`Channel ${channel.name}`} className="space-y-2 rounded-lg border border-slate-200 bg-white p-4 text-sm">
      <div className="flex flex-wrap items-start justify-between gap-3">
        <div>
          <div className="font-medium">
            {channel.name} <span className="font-normal text-slate-500">· {CHANNEL_KIND_LABELS[channel.kind]} · {channel.target}</span>
            {channel.enabled ? null : <span className="ml-2 rounded bg-slate-100 px-1.5 py-0.5 text-xs text-slate-600">off</span>}
          </div>
          <div className="text-slate-600">
            {channel.service_name ? `About ${channel.service_name}` : "About all your services"}: {channel.events.map((event) => CHANNEL_EVENTS[event as ChannelEvent] ?? event).join(", ")}
          </div>
          {last ? <div className={failing ? "text-red-700" : "text-slate-600"}>{deliveryWords(last)}</div> : null}
        </div>
        <div className="flex flex-wrap gap-2">
          <Button variant="secondary" disabled={test.isPending} onClick={() => test.mutate()}>
            {test.isPending ? "Sending…" : "Send test"}
          </Button>
          <Button variant="secondary" disabled={update.isPending} onClick={() => update.mutate({ enabled: !channel.enabled })}>
            {channel.enabled ? "Turn off" : "Turn on"}
          </Button>
          <Button variant="secondary" onClick={() => setShowLog((shown) => !shown)} aria-expanded={showLog}>
            {showLog ? "Hide log" : "Log"}
          </Button>
          <Button variant="secondary" onClick={() => setConfirming(true)}>
            Remove
          </Button>
        </div>
      </div>
      {test.data ? (
        <p role="status" className={test.data.ok ? "text-green-700" : "text-red-700"}>
          {test.data.ok ? "The test message was sent." : `The test message could not be sent: ${test.data.delivery.last_error ?? "no reason given"}`}
        </p>
      ) : null}
      {test.isError ? <ErrorBox>{test.error.message}</ErrorBox> : null}
      {update.isError ? <ErrorBox>{update.error.message}</ErrorBox> : null}
      {confirming ? (
        <ConfirmPanel
          label={`Remove ${channel.name}`}
          question={`Remove ${channel.name} and its log? Nothing more is sent there.`}
          confirm="Remove channel"
          pendingConfirm="Removing…"
          pending={remove.isPending}
          onConfirm={() => remove.mutate()}
          onCancel={() => setConfirming(false)}
          error={remove.error?.message}
        />
      ) : null}
      {showLog ? <DeliveryLog channelId={channel.id} /> : null}
    </li>
  );
}

function DeliveryLog({ channelId }: { channelId: string }) {
  const deliveries = useChannelDeliveries(channelId, true);
  if (deliveries.isPending) return <Loading label="Loading the log" className="h-12" />;
  if (deliveries.isError) return <ErrorBox>Could not load the log: {deliveries.error.message}</ErrorBox>;
  if (deliveries.data.length === 0) return <p className="text-slate-500">Nothing sent yet.</p>;
  return (
    <ol aria-label="Delivery log" className="divide-y divide-slate-100 rounded border border-slate-100">
      {deliveries.data.map((delivery) => (
        <li key={delivery.id} className="flex flex-wrap justify-between gap-2 px-3 py-1.5">
          <span>{delivery.test ? "Test message" : (CHANNEL_EVENTS[delivery.event as ChannelEvent] ?? delivery.event)}</span>
          <span className={delivery.status === "sent" ? "text-slate-600" : "text-red-700"}>{deliveryWords(delivery)}</span>
        </li>
      ))}
    </ol>
  );
}

const EMPTY = { kind: "slack" as ChannelKindName, name: "", target: "", serviceId: "", events: DEFAULT_CHANNEL_EVENTS };

function NewChannel() {
  const create = useCreateChannel();
  const services = useServices("mine");
  const [form, setForm] = useState(EMPTY);
  const email = form.kind === "email";

  function toggle(event: ChannelEvent) {
    setForm((current) => ({ ...current, events: current.events.includes(event) ? current.events.filter((picked) => picked !== event) : [...current.events, event] }));
  }

  function submit(event: FormEvent) {
    event.preventDefault();
    create.mutate(
      { kind: form.kind, name: form.name, ...(email ? { address: form.target } : { url: form.target }), events: form.events, service_id: form.serviceId || null },
      { onSuccess: () => setForm(EMPTY) },
    );
  }

  return (
    <section aria-labelledby="new-channel-heading" className="space-y-3 rounded-lg border border-slate-200 bg-white p-4">
      <h2 id="new-channel-heading" className="text-lg font-semibold">
        Add a channel
      </h2>
      <form onSubmit={submit} method="post" className="grid gap-3 sm:grid-cols-2">
        <Field id="channel-kind" label="Kind">
          <Select id="channel-kind" value={form.kind} onChange={(event) => setForm({ ...form, kind: event.target.value as ChannelKindName })}>
            {CHANNEL_KINDS.map((kind) => (
              <option key={kind} value={kind}>
                {CHANNEL_KIND_LABELS[kind]}
              </option>
            ))}
          </Select>
        </Field>
        <Field id="channel-name" label="Name">
          <TextInput id="channel-name" required maxLength={80} value={form.name} onChange={(event) => setForm({ ...form, name: event.target.value })} />
        </Field>
        <Field
          id="channel-target"
          label={email ? "Email address" : form.kind === "webhook" ? "Webhook URL" : `${CHANNEL_KIND_LABELS[form.kind]} incoming webhook URL`}
          hint={email ? undefined : "https:// only; kept sealed and never shown again"}
        >
          <TextInput
            id="channel-target"
            type={email ? "email" : "url"}
            required
            autoComplete="off"
            value={form.target}
            onChange={(event) => setForm({ ...form, target: event.target.value })}
          />
        </Field>
        <Field id="channel-service" label="About">
          <Select id="channel-service" value={form.serviceId} onChange={(event) => setForm({ ...form, serviceId: event.target.value })}>
            <option value="">All my services and watched repositories</option>
            {services.data?.map((service) => (
              <option key={service.id} value={service.id}>
                {service.name}
              </option>
            ))}
          </Select>
        </Field>
        <fieldset className="sm:col-span-2">
          <legend className="text-sm font-medium text-slate-700">Send</legend>
          <div className="mt-1 flex flex-wrap gap-x-4 gap-y-1">
            {(Object.keys(CHANNEL_EVENTS) as ChannelEvent[]).map((event) => (
              <label key={event} className="flex items-center gap-1.5 text-sm">
                <input type="checkbox" checked={form.events.includes(event)} onChange={() => toggle(event)} />
                {CHANNEL_EVENTS[event]}
              </label>
            ))}
          </div>
        </fieldset>
        <div className="sm:col-span-2">
          <Button type="submit" disabled={create.isPending || form.events.length === 0}>
            {create.isPending ? "Adding…" : "Add channel"}
          </Button>
        </div>
      </form>
      {create.isError ? <ErrorBox>{create.error.message}</ErrorBox> : null}
      {create.data?.signing_secret ? (
        <div role="status" className="space-y-2 rounded-md border border-amber-200 bg-amber-50 p-3 text-sm">
          <p>
            Messages to <strong>{create.data.channel.name}</strong> are signed with Standard Webhooks. Keep this secret to verify them: it is shown this once.
          </p>
          <code className="block break-all font-mono text-xs">{create.data.signing_secret}</code>
          <CopyButton value={create.data.signing_secret} label="Copy secret" />
        </div>
      ) : null}
    </section>
  );
}
