"use client";

import { useState, type ReactNode } from "react";
import { ErrorBox, Loading } from "@/components/ui/states";
import { useWebhookSetup, type WebhookSetup } from "@/lib/client/hooks/use-connections";
import { providerLabel } from "@/lib/shared/providers/labels";

// A section that fetches the webhook settings the first time it is opened.
function SetupSection({ serviceId, provider, title, initiallyOpen = false, children }: { serviceId: string; provider: string; title: string; initiallyOpen?: boolean; children: (setup: WebhookSetup) => ReactNode }) {
  const [open, setOpen] = useState(initiallyOpen);
  const setup = useWebhookSetup(serviceId, provider, open);
  return (
    <details open={initiallyOpen} onToggle={(event) => setOpen(event.currentTarget.open)} className="rounded-md border border-slate-200 px-3 py-2 text-sm">
      <summary className="cursor-pointer font-medium text-slate-700">{title}</summary>
      {open && setup.isPending ? <Loading label={`Loading ${title.toLowerCase()}`} className="mt-2 h-16" /> : null}
      {setup.isError ? <ErrorBox>{setup.error.message}</ErrorBox> : null}
      {setup.data ? <div className="mt-2 text-slate-700">{children(setup.data)}</div> : null}
    </details>
  );
}

export function ManualSteps({ serviceId, provider }: { serviceId: string; provider: string }) {
  return (
    <SetupSection serviceId={serviceId} provider={provider} title={`Set it up by hand on ${providerLabel(provider)}`}>
      {(setup) => (
        <ol className="list-decimal space-y-1 pl-5">
          {setup.instructions.map((step) => (
            <li key={step} className="break-words">
              {step}
            </li>
          ))}
        </ol>
      )}
    </SetupSection>
  );
}

const code = "break-all rounded bg-slate-100 px-1 text-xs";

export function DeployHook({ serviceId, provider, initiallyOpen }: { serviceId: string; provider: string; initiallyOpen: boolean }) {
  return (
    <SetupSection serviceId={serviceId} provider={provider} title="Deploy hook, for CI" initiallyOpen={initiallyOpen}>
      {(setup) => (
        <p>
          POST to <code className={code}>{setup.deploy_hook.url}</code>, optionally with <code className={code}>{'{"commit": "<sha>"}'}</code>, signed as{" "}
          <code className={code}>{setup.deploy_hook.signature_header}</code> with the secret above, or with Standard Webhooks, whose secret is{" "}
          <code className={code}>whsec_</code> followed by the base64 of the secret above.
        </p>
      )}
    </SetupSection>
  );
}
