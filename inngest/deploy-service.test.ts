import { InngestTestEngine } from "@inngest/test";
import { beforeEach, describe, expect, it, vi } from "vitest";
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
    drain: () => null,
    "retire-previous": () => ({ stopped: 1 }),
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
  beforeEach(() => {
    vi.stubEnv("DATABASE_URL", "postgres://unused");
    vi.stubEnv("ENCRYPTION_KEY", "unused");
    vi.stubEnv("NEXTAUTH_SECRET", "unit-tests-secret-of-at-least-32-characters");
  });

  it("releases in order: build, start beside, health check, switch, drain, retire", async () => {
    const { result, ctx } = await engine().execute();
    expect(result).toEqual({ outcome: "live", url: "http://web.localhost" });
    expect(stepIds(ctx.step.run as never)).toEqual(["begin", "build", "start-container", "health-check", "switch-traffic", "retire-previous"]);
    expect(ctx.step.sleep).toHaveBeenCalledWith("drain", expect.stringMatching(/^\d+s$/));
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
