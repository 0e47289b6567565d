// Keeps a traffic router's table current: LISTEN on "berth_routes" (a trigger announces every change to
// ServiceRoute), and read the whole table again on each announcement and each reconnection. While
// PostgreSQL is unreachable (Berth stopped, the embedded database with it), the last table keeps serving.
import pg from "pg";
import { setTimeout as sleep } from "node:timers/promises";
import type { Logger } from "pino";
import type { Upstream } from "./dns-answers";
import { routeRowSchema } from "./router-files";

// A worker that lost PostgreSQL while the other did not serves an older table until it is back: retry often.
const RETRY_MS = { first: 100, max: 1_000 };

export interface RouteSource {
  stop(): Promise<void>;
}

export function watchRoutes(databaseUrl: string, onTable: (table: Map<string, Upstream[]>) => void, log: Logger): RouteSource {
  let stopped = false;
  let client: pg.Client | undefined;
  const stopping = new AbortController();

  async function readTable(connection: pg.Client) {
    const { rows } = await connection.query<{ slug: string; upstreams: unknown }>('SELECT slug, upstreams FROM "ServiceRoute"');
    const table = new Map<string, Upstream[]>();
    for (const row of rows) {
      const parsed = routeRowSchema.safeParse(row);
      if (parsed.success) table.set(parsed.data.slug, parsed.data.upstreams);
      else log.warn({ slug: String(row.slug).slice(0, 80) }, "a route in the table is not valid; it is not served");
    }
    onTable(table);
  }

  const done = (async () => {
    let retry = RETRY_MS.first;
    let reportedDown = false;
    while (!stopped) {
      const connection = new pg.Client({ connectionString: databaseUrl, application_name: "berth-router", keepAlive: true, connectionTimeoutMillis: 5_000 });
      client = connection;
      const closed = new Promise<string>((resolve) => {
        connection.once("error", (error: Error) => resolve(error.message));
        connection.once("end", () => resolve("connection ended"));
      });
      try {
        await connection.connect();
        // One read at a time, so an older answer never lands after a newer one; announcements that arrive
        // during a read are coalesced into one more read after it.
        let reading: Promise<void> | undefined;
        let again = false;
        const reread = (): Promise<void> => {
          if (reading) {
            again = true;
            return reading;
          }
          reading = readTable(connection)
            .catch((error: unknown) => log.error({ err: error }, "reading the routing table failed"))
            .finally(() => {
              reading = undefined;
              if (again) {
                again = false;
                reread().catch(() => {});
              }
            });
          return reading;
        };
        // reread() logs its own failures; these catches only satisfy the promise's contract.
        connection.on("notification", () => {
          reread().catch(() => {});
        });
        await connection.query("LISTEN berth_routes");
        await reread();
        if (reportedDown) log.info("PostgreSQL is reachable again; the routing table is current");
        reportedDown = false;
        retry = RETRY_MS.first;
        const reason = await closed;
        if (!stopped) log.warn({ reason }, "lost the connection to PostgreSQL; serving the last routing table");
        reportedDown = true;
      } catch (error) {
        if (!reportedDown) log.warn({ reason: error instanceof Error ? error.message : String(error) }, "PostgreSQL is not reachable; serving the last routing table");
        reportedDown = true;
      } finally {
        await connection.end().catch(() => {});
      }
      if (!stopped) await sleep(retry, undefined, { signal: stopping.signal }).catch(() => {});
      retry = Math.min(retry * 2, RETRY_MS.max);
    }
  })();

  return {
    async stop() {
      stopped = true;
      stopping.abort();
      await client?.end().catch(() => {});
      await done;
    },
  };
}
