// The web server: Next.js behind Node's own HTTP server, so every request carries the address of the
// client that really sent it. Next.js fills X-Forwarded-For only when a request has none, which lets any
// client choose the address rate limits and the loopback-only endpoints go by. Here that address is the
// socket's peer, or, when it is one of BERTH_TRUSTED_PROXIES, the nearest X-Forwarded-For hop before it
// (proxy-addr, as Express does it). Started by scripts/berth.ts with the prepared configuration.
//
// usage: node scripts/serve.mjs dev|start --port <port> --hostname <address>
import { createServer } from "node:http";
import { parseArgs } from "node:util";
import next from "next";
import proxyAddr from "proxy-addr";

// Read by lib/server/net/client-address.ts; whatever a client sent under this name is replaced.
const CLIENT_ADDRESS_HEADER = "x-berth-client-address";

const { positionals, values } = parseArgs({ allowPositionals: true, options: { port: { type: "string" }, hostname: { type: "string" } } });
const mode = positionals[0];
if ((mode !== "dev" && mode !== "start") || !values.port || !values.hostname) {
  console.error("usage: node scripts/serve.mjs dev|start --port <port> --hostname <address>");
  process.exit(2);
}
const dev = mode === "dev";
process.env.NODE_ENV ??= dev ? "development" : "production";

const trusted = (process.env.BERTH_TRUSTED_PROXIES ?? "")
  .split(",")
  .map((entry) => entry.trim())
  .filter(Boolean);
const trust = proxyAddr.compile(trusted);

const app = next({ dev, hostname: values.hostname, port: Number(values.port) });
const handle = app.getRequestHandler();
await app.prepare();

const server = createServer((request, response) => {
  request.headers[CLIENT_ADDRESS_HEADER] = proxyAddr(request, trust);
  handle(request, response);
});
// Hot reload's websocket in development.
if (dev) server.on("upgrade", app.getUpgradeHandler());
server.listen(Number(values.port), values.hostname, () => {
  console.log(`  ▲ Berth ready on http://${values.hostname}:${values.port}`);
});

for (const signal of ["SIGINT", "SIGTERM"]) {
  process.on(signal, () => {
    server.close(() => process.exit(0));
    server.closeIdleConnections();
    // Streams (live logs, events) never end on their own.
    setTimeout(() => process.exit(0), 5_000).unref();
  });
}
