// The traffic plane on its own: the routing table in PostgreSQL, the traffic router (scripts/router.ts,
// started as the launcher starts it) and a real Caddy, in front of two plain HTTP servers standing in for a
// service's old and new containers. What a service's clients see while traffic moves and parts fail.
import { createServer, type Server } from "node:http";
import { connect } from "node:net";
import { randomBytes } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { db } from "@/lib/server/db";
import { freePort } from "@/lib/server/net/free-port";
import { ensureRouter } from "@/lib/server/routing/router-process";
import { routerNotFound } from "@/lib/server/routing/router-address";
import { awaitRouterAnswer, setServiceRoute } from "@/lib/server/routing/service-routes";
import { startCaddy } from "@/test/support/caddy";
import { getThroughProxy, startKeepAliveLoad } from "@/test/support/http-probe";
import { useIsolatedDatabase } from "@/test/support/isolated-database";
import { startRouter } from "@/test/support/router";
import { createTestUser } from "@/test/support/users";
import { waitFor } from "@/test/support/wait-for";

let dropDatabase: (() => Promise<void>) | undefined;
let caddy: Awaited<ReturnType<typeof startCaddy>>;
let router: Awaited<ReturnType<typeof startRouter>>;
const upstreams: { name: string; server: Server; port: number }[] = [];
let service: { id: string; slug: string };
let host: string;

async function upstream(name: string) {
  const server = createServer((_request, response) => response.end(`${name}\n`));
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const port = (server.address() as { port: number }).port;
  upstreams.push({ name, server, port });
  return { host: "127.0.0.1", port };
}

async function switchTo(target: { host: string; port: number }) {
  await setServiceRoute(service, "deployment", [target]);
  await awaitRouterAnswer(router.routerAddress, service.slug, [target]);
}

const body = async () => (await getThroughProxy(caddy.httpPort, host)).body.trim();

beforeAll(async () => {
  caddy = await startCaddy();
  dropDatabase = await useIsolatedDatabase();
  router = await startRouter(process.env.DATABASE_URL ?? "", caddy);
  const user = await createTestUser();
  const slug = `traffic-${randomBytes(4).toString("hex")}`;
  service = await db.service.create({ data: { ownerId: user.id, name: slug, slug, provider: "git", cloneUrl: "https://example.test/repo.git" } });
  host = `${slug}.localhost`;
}, 60_000);

afterAll(async () => {
  await router?.stop();
  await caddy?.stop();
  for (const { server } of upstreams) server.close();
  await dropDatabase?.();
});

describe("traffic router", { timeout: 60_000 }, () => {
  it("moves a service's traffic back and forth without failing one keep-alive request, and without touching Caddy's config", async () => {
    const [blue, green] = [await upstream("blue"), await upstream("green")];
    await switchTo(blue);
    expect(await body()).toBe("blue");
    const configBefore = await (await fetch(`${caddy.adminUrl}/config/`)).text();

    const load = startKeepAliveLoad(caddy.httpPort, host);
    for (let i = 0; i < 10; i++) {
      const target = i % 2 === 0 ? green : blue;
      await switchTo(target);
      // Once the switch step returns, every new request reaches the new upstream.
      expect(await body()).toBe(i % 2 === 0 ? "green" : "blue");
    }
    await load.stop();

    expect(load.failures).toEqual([]);
    expect(load.bodies.get("blue")).toBeGreaterThan(0);
    expect(load.bodies.get("green")).toBeGreaterThan(0);
    expect(await (await fetch(`${caddy.adminUrl}/config/`)).text()).toBe(configBefore);
  });

  it("keeps answering while its workers are killed one after the other", async () => {
    const load = startKeepAliveLoad(caddy.httpPort, host);
    // Twice round: each worker, then each one that replaced it.
    for (let round = 0; round < 4; round++) {
      const [victim = 0] = (await router.workerPids()).sort((a, b) => a - b);
      process.kill(victim, "SIGKILL");
      await waitFor(async () => {
        const pids = await router.answeringWorkerPids();
        return pids.length === 2 && !pids.includes(victim);
      }, 20_000, "the killed worker to be replaced");
    }
    await load.stop();
    expect(load.failures).toEqual([]);
    expect(load.requests).toBeGreaterThan(50);
  });

  it("serves a restarted Caddy's routes again within 5 s, without a deploy", async () => {
    const current = await body();
    await caddy.restart();
    const restarted = performance.now();
    await waitFor(async () => (await getThroughProxy(caddy.httpPort, host).catch(() => undefined))?.body.trim() === current, 5_000, "the route to be served again", 25);
    expect(performance.now() - restarted).toBeLessThan(5_000);
  });

  it("puts back Berth's servers when someone changes them in Caddy", async () => {
    // Right after the restart above: the reconcile's write (both servers, one reload) may still be landing.
    const current = await waitFor(async () => (await getThroughProxy(caddy.httpPort, host).catch(() => undefined))?.body.trim(), 5_000, "an answer");
    const response = await fetch(`${caddy.adminUrl}/config/apps/http/servers/berth/routes/0`, { method: "DELETE" });
    expect(response.ok).toBe(true);
    await waitFor(async () => (await getThroughProxy(caddy.httpPort, host).catch(() => undefined))?.body.trim() === current, 5_000, "the route to be put back", 25);
  });

  it("serves its saved table, without a failed request, when PostgreSQL cannot be reached", async () => {
    const current = await body();
    const load = startKeepAliveLoad(caddy.httpPort, host);
    const before = await router.workerPids();
    // The launcher's path for a new configuration: the workers are replaced one at a time.
    await ensureRouter({ ...router.config, databaseUrl: "postgresql://berth@127.0.0.1:1/unreachable" });
    await waitFor(async () => (await router.answeringWorkerPids()).filter((pid) => !before.includes(pid)).length === 2, 20_000, "the replaced workers");
    await load.stop();
    expect(load.failures).toEqual([]);
    expect(await body()).toBe(current);
    await ensureRouter(router.config);
  });

  it("fails a switch with a clear error when no router answers, rather than calling it done", async () => {
    const nobody = `127.0.0.1:${await freePort()}`;
    await expect(awaitRouterAnswer(nobody, service.slug, [{ host: "127.0.0.1", port: 1234 }], 600)).rejects.toThrow(
      new RegExp(`^The traffic router at ${nobody} still answers an error \\(.*\\) for ${service.slug} after 0.6 s, not 127.0.0.1:1234\\. Is it running\\?`),
    );
  });

  it("hangs up on a TCP client that sends what is not DNS, or too much of it, and keeps answering", async () => {
    const [hostname, port] = router.routerAddress.split(":");
    // A framed message that is not DNS, and more than one message's worth of bytes.
    for (const payload of [Buffer.concat([Buffer.from([0, 16]), Buffer.from("GET / HTTP/1.1\r\n")]), Buffer.alloc(70_000, 0xff)]) {
      const socket = connect({ host: hostname, port: Number(port) });
      const closed = new Promise<void>((resolve) => socket.once("close", () => resolve()));
      socket.on("error", () => {});
      socket.write(payload);
      await closed;
    }
    // Past Caddy's cached answer: this request needs a fresh lookup.
    await new Promise((resolve) => setTimeout(resolve, 200));
    expect((await getThroughProxy(caddy.httpPort, host)).status).toBe(200);
  });

  it("answers Caddy's 404 for a deleted service's host, not its old container", async () => {
    expect((await getThroughProxy(caddy.httpPort, host)).status).toBe(200);
    await db.service.delete({ where: { id: service.id } });
    await awaitRouterAnswer(router.routerAddress, service.slug, [routerNotFound(router.routerAddress)]);
    const response = await getThroughProxy(caddy.httpPort, host);
    expect(response).toEqual({ status: 404, body: `No service is deployed at ${host}.\n` });
    expect((await getThroughProxy(caddy.httpPort, "never-deployed.localhost")).status).toBe(404);
  });
});
