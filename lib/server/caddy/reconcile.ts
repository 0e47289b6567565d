// A reconcile loop, not a one-shot: Caddy may be restarted (its configuration then comes from its own
// config file or --resume, without Berth's servers) or edited by someone else at any time. Every interval,
// Berth's servers are compared with berthServers() and written again where they differ; an unchanged
// configuration costs one GET per server and never a reload.
import type { Logger } from "pino";
import { applyServers } from "./admin";
import type { ProxySettings } from "./config";
import { berthServers } from "./server-config";

export function keepCaddyConfigured(settings: ProxySettings, log: Logger, intervalMs = 1_000) {
  const servers = berthServers(settings);
  let lastProblem: string | undefined;
  let timer: NodeJS.Timeout | undefined;
  let stopped = false;

  async function reconcile() {
    try {
      const written = await applyServers(settings.adminUrl, servers);
      if (written.length > 0) log.info({ servers: written, adminUrl: settings.adminUrl }, "configured Berth's servers in Caddy");
      if (lastProblem) log.info("Caddy's admin API answers again");
      lastProblem = undefined;
    } catch (error) {
      const problem = error instanceof Error ? error.message : String(error);
      // Said once per outage, not once a second.
      if (problem !== lastProblem) log.error({ problem }, "could not configure Caddy; retrying every second");
      lastProblem = problem;
    }
    if (!stopped) timer = setTimeout(next, intervalMs);
  }
  // reconcile() catches and reports its own failures.
  function next() {
    reconcile().catch(() => {});
  }
  next();

  return {
    stop() {
      stopped = true;
      clearTimeout(timer);
    },
  };
}
