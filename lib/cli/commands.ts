// What the CLI asks of Berth's API, one function per command. Each returns what --json prints; the text a
// person reads is written by main.ts.
import type { DeploymentResponse } from "@/lib/server/deployments/serialize-deployment";
import type { ServiceResponse } from "@/lib/server/services/serialize-service";
import { CliError, type ApiClient } from "./api-client";

type ServiceSummary = ServiceResponse & { live_deployment: { id: string; commit_sha: string | null; url: string | null } | null; last_deployed_at: string | null };
type ServiceDetail = ServiceResponse & { connection: { id: string; webhook_url?: string } | null };
type Delivery = { id: string; provider: string; event: string; status: string; repository: string | null; received_at: string; reason: string | null };

export async function listServices(api: ApiClient) {
  return (await api.get<{ services: ServiceSummary[] }>("/api/services")).services;
}

// A service by its id or its name.
export async function resolveService(api: ApiClient, nameOrId: string): Promise<ServiceSummary> {
  const services = await listServices(api);
  const found = services.find((service) => service.id === nameOrId || service.name === nameOrId);
  if (!found) throw new CliError(`No service named or numbered '${nameOrId}' among yours (berth services list shows them)`);
  return found;
}

export async function showService(api: ApiClient, nameOrId: string) {
  const { id } = await resolveService(api, nameOrId);
  return api.get<ServiceDetail>(`/api/services/${id}`);
}

export async function deploy(api: ApiClient, nameOrId: string, commit?: string) {
  const { id } = await resolveService(api, nameOrId);
  return api.post<DeploymentResponse>(`/api/services/${id}/deployments`, commit ? { commit_sha: commit } : {});
}

export async function getDeployment(api: ApiClient, id: string) {
  return api.get<DeploymentResponse>(`/api/deployments/${encodeURIComponent(id)}`);
}

// Back to a given deployment, or to the newest earlier one whose image is still there.
export async function rollback(api: ApiClient, nameOrId: string, to?: string) {
  const { id } = await resolveService(api, nameOrId);
  let target = to;
  if (!target) {
    const { deployments } = await api.get<{ deployments: DeploymentResponse[] }>(`/api/services/${id}/deployments?limit=50`);
    target = deployments.find((deployment) => deployment.status === "superseded" && deployment.image_tag && !deployment.image_pruned_at)?.id;
    if (!target) throw new CliError("Nothing to roll back to: no earlier deployment of this service still has its image");
  }
  return api.post<DeploymentResponse>(`/api/deployments/${encodeURIComponent(target)}/rollback`);
}

export type LogLine = { line: string; stream: string };

// The deployment's log: what is stored, then (following) new lines until it ends. Resolves with the final
// status when the stream said the deployment ended, else null (not following: the stored lines are out once
// the stream has been quiet for a moment).
export async function streamLogs(api: ApiClient, id: string, follow: boolean, onLine: (line: LogLine) => void): Promise<string | null> {
  let status: string | null = null;
  let lastLineAt = Date.now();
  const quiet = new AbortController();
  const watcher = follow ? undefined : setInterval(() => Date.now() - lastLineAt > 750 && quiet.abort(), 100);
  try {
    await api.stream(
      `/api/deployments/${encodeURIComponent(id)}/logs`,
      (event) => {
        if (event.event === "end") {
          status = (JSON.parse(event.data) as { status: string }).status;
          return true;
        }
        const parsed = JSON.parse(event.data) as { line: string; stream?: string };
        lastLineAt = Date.now();
        onLine({ line: parsed.line, stream: parsed.stream ?? "stdout" });
      },
      quiet.signal,
    );
  } finally {
    clearInterval(watcher);
  }
  return status;
}

// Failed means refused (signature, payload) or failed while being processed.
export async function listDeliveries(api: ApiClient, options: { failed: boolean; limit: number }) {
  const page = async (status?: string) => {
    const query = new URLSearchParams({ limit: String(options.limit), ...(status ? { status } : {}) });
    return (await api.get<{ deliveries: Delivery[] }>(`/api/webhooks/events?${query}`)).deliveries;
  };
  if (!options.failed) return page();
  const both = [...(await page("rejected")), ...(await page("failed"))];
  return both.sort((a, b) => b.received_at.localeCompare(a.received_at)).slice(0, options.limit);
}

export async function replayDelivery(api: ApiClient, id: string) {
  return api.post<{ status: string; message?: string; delivery_id: string }>(`/api/webhooks/deliveries/${encodeURIComponent(id)}/replay`);
}

export async function webhookUrl(api: ApiClient, nameOrId: string, provider: string) {
  const { id } = await resolveService(api, nameOrId);
  return api.get<{ url: string; secret: string; deploy_hook?: { url: string } }>(`/api/services/${id}/webhook-url?provider=${encodeURIComponent(provider)}`);
}

export async function rotateSecret(api: ApiClient, nameOrId: string) {
  const service = await showService(api, nameOrId);
  if (!service.connection) throw new CliError(`${service.name} has no webhook connection to rotate`);
  return api.post<{ secret?: string }>(`/api/repositories/connections/${service.connection.id}/rotate-secret`);
}
