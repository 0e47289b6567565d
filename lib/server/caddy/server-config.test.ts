import { describe, expect, it } from "vitest";
import { berthServers } from "./server-config";

const settings = { adminUrl: "http://127.0.0.1:2019", listen: ":80", domain: "apps.example.com", routerAddress: "127.0.0.1:5380" };

describe("Berth's servers in Caddy", () => {
  it("routes every {service}.{domain} by asking the router, with the service's label counted from the right", () => {
    const servers = berthServers(settings) as { berth: { listen: string[]; routes: { match?: { host: string[] }[]; handle: Record<string, unknown>[] }[] } };
    const [wildcard, fallback] = servers.berth.routes;
    expect(servers.berth.listen).toEqual([":80"]);
    expect(wildcard?.match).toEqual([{ host: ["*.apps.example.com"] }]);
    // labels.0 is "com": the service is the fourth label from the right.
    expect(wildcard?.handle[0]).toMatchObject({
      handler: "reverse_proxy",
      dynamic_upstreams: { source: "srv", service: "http", proto: "tcp", name: "{http.request.host.labels.3}.routes.berth.internal.", refresh: "100ms", resolver: { addresses: ["tcp/127.0.0.1:5380"] } },
      transport: { protocol: "http", resolver: { addresses: ["tcp/127.0.0.1:5380"] } },
    });
    expect(fallback?.handle[0]).toMatchObject({ handler: "static_response", status_code: 404 });
  });

  it("puts the not-found listener on the port after the router's, on loopback", () => {
    expect(berthServers(settings)["berth-unrouted"]).toMatchObject({ listen: ["127.0.0.1:5381"] });
  });

  it("asks for the label just left of a one-label domain", () => {
    const servers = berthServers({ ...settings, domain: "localhost" }) as { berth: { routes: { handle: { dynamic_upstreams?: { name: string } }[] }[] } };
    expect(servers.berth.routes[0]?.handle[0]?.dynamic_upstreams?.name).toBe("{http.request.host.labels.1}.routes.berth.internal.");
  });
});
