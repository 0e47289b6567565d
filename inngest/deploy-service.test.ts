import { InngestTestEngine } from "@inngest/test";
import { describe, expect, it } from "vitest";
import { deployService } from "./deploy-service";

const event = { name: "deploy/requested", data: { deploymentId: "dep_1", serviceId: "svc_1" } };
const container = { outcome: "started", containerId: "c0ffee", hostPort: 49153 };

function engine(overrides: Record<string, () => unknown> = {}) {
  const steps: Record<string, () => unknown> = {
    begin: () => ({ outcome: "proceed" }),
    build: () => ({ outcome: "built", imageTag: "berth/web:0123456789ab" }),
    "start-container": () => container,
    "health-check": () => ({ healthy: true }),
    "switch-traffic": () => ({ url: "http://web.localhost" }),
    ...overrides,
  };
  return new InngestTestEngine({
    function: deployService,
    events: [event],
    steps: Object.entries(steps).map(([id, handler]) => ({ id, handler })),
  });
}

function stepIds(run: { mock: { calls: unknown[][] } }) {
  return run.mock.calls.map(([id]) => id);
}

describe("deploy-service", () => {

  it("releases in order: build, start beside, health check, switch", async () => {
    const { result, ctx } = await engine().execute();
    expect(result).toEqual({ outcome: "live", url: "http://web.localhost" });
    expect(stepIds(ctx.step.run as never)).toEqual(["begin", "build", "start-container", "health-check", "switch-traffic"]);
  });

  it("stops before building when a newer deployment superseded this one", async () => {
    const superseded = { outcome: "superseded", reason: "Superseded by a newer deployment (abc1234)" };
    const { result, ctx } = await engine({ begin: () => superseded }).execute();
    expect(result).toEqual(superseded);
    expect(stepIds(ctx.step.run as never)).toEqual(["begin"]);
  });

  it("starts no container when superseded during the build", async () => {
    const superseded = { outcome: "superseded", reason: "Superseded by a newer deployment (abc1234)" };
    const { result, ctx } = await engine({ build: () => superseded }).execute();
    expect(result).toEqual(superseded);
    expect(stepIds(ctx.step.run as never)).toEqual(["begin", "build"]);
  });

});
