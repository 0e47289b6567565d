// Requests to a service through the proxy, by host name, as a browser would send them.
import { Agent, request } from "node:http";

export function getThroughProxy(port: number, host: string, path = "/"): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    const req = request({ host: "127.0.0.1", port, path, headers: { host }, timeout: 5_000, agent: false }, (response) => {
      let body = "";
      response.setEncoding("utf8");
      response.on("data", (chunk: string) => (body += chunk));
      response.on("end", () => resolve({ status: response.statusCode ?? 0, body }));
    });
    req.on("timeout", () => req.destroy(new Error("timed out")));
    req.on("error", reject);
    req.end();
  });
}

const isReset = (error: unknown) => (error as { code?: string }).code === "ECONNRESET";

// Polls until stopped, as a browser would: a GET whose connection is reset before any answer is sent
// again once (browsers retry idempotent requests so), and the resets are counted: Berth's traffic switch
// never causes one (docs/decisions/0010). Every answer that is not a 200, or no answer even then, fails.
export function startPoller(port: number, host: string, intervalMs = 20) {
  const bodies: string[] = [];
  const failures: string[] = [];
  let resets = 0;
  let running = true;
  const done = (async () => {
    while (running) {
      try {
        const { status, body } = await getThroughProxy(port, host).catch((error: unknown) => {
          if (!isReset(error)) throw error;
          resets++;
          return getThroughProxy(port, host);
        });
        if (status === 200) bodies.push(body.trim());
        else failures.push(`HTTP ${status}: ${body.slice(0, 100)}`);
      } catch (error) {
        failures.push(error instanceof Error ? error.message : String(error));
      }
      await new Promise((resolve) => setTimeout(resolve, intervalMs));
    }
  })();
  return {
    bodies,
    failures,
    // Resets answered by the one retry.
    get resets() {
      return resets;
    },
    async stop() {
      running = false;
      await done;
    },
  };
}

// Clients that keep their connections open and never retry, as a service's API clients often are: every
// request that does not come back 200 (a reset connection included) is a failure.
export function startKeepAliveLoad(port: number, host: string, connections = 4) {
  const agent = new Agent({ keepAlive: true, maxSockets: connections });
  const bodies = new Map<string, number>();
  const failures: string[] = [];
  let running = true;
  const once = () =>
    new Promise<void>((resolve) => {
      const req = request({ host: "127.0.0.1", port, path: "/", headers: { host }, agent, timeout: 5_000 }, (response) => {
        let body = "";
        response.setEncoding("utf8");
        response.on("data", (chunk: string) => (body += chunk));
        response.on("end", () => {
          if (response.statusCode === 200) bodies.set(body.trim(), (bodies.get(body.trim()) ?? 0) + 1);
          else failures.push(`HTTP ${response.statusCode}: ${body.slice(0, 100)}`);
          resolve();
        });
      });
      req.on("timeout", () => req.destroy(new Error("timed out")));
      req.on("error", (error) => {
        failures.push(error.message);
        resolve();
      });
      req.end();
    });
  const done = Promise.all(
    Array.from({ length: connections }, async () => {
      while (running) await once();
    }),
  );
  return {
    bodies,
    failures,
    get requests() {
      return [...bodies.values()].reduce((sum, count) => sum + count, 0) + failures.length;
    },
    async stop() {
      running = false;
      await done;
      agent.destroy();
    },
  };
}
