import { InngestTestEngine } from "@inngest/test";
import { describe, expect, it } from "vitest";
import { deployService } from "./deploy-service";

const event = { name: "deploy/requested", data: { deploymentId: "dep_1", serviceId: "svc_1" } };
const container = { outcome: "started", containerId: "c0ffee", hostPort: 49153 };

function engine(overrides: Record<string, () => unknown> = {}) {
  const steps: Record<string, () => unknown> = {
    "wait-for-ci": () => ({ outcome: "proceed" }),
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
    expect(stepIds(ctx.step.run as never)).toEqual(["wait-for-ci", "begin", "build", "start-container", "health-check", "switch-traffic"]);
  });

  it("stops before building when a newer deployment superseded this one", async () => {
    const superseded = { outcome: "superseded", reason: "Superseded by a newer deployment (abc1234)" };
    const { result, ctx } = await engine({ begin: () => superseded }).execute();
    expect(result).toEqual(superseded);
    expect(stepIds(ctx.step.run as never)).toEqual(["wait-for-ci", "begin"]);
  });

  it("starts no container when superseded during the build", async () => {
    const superseded = { outcome: "superseded", reason: "Superseded by a newer deployment (abc1234)" };
    const { result, ctx } = await engine({ build: () => superseded }).execute();
    expect(result).toEqual(superseded);
    expect(stepIds(ctx.step.run as never)).toEqual(["wait-for-ci", "begin", "build"]);
  });

  it("holds the commit while its CI runs, looking again after each pause, then releases it once CI passed", async () => {
    const waiting = { outcome: "waiting", reason: "Tests still running" };
    const { result, ctx } = await engine({
      "wait-for-ci": () => waiting,
      "ci-wait-1": () => undefined,
      "ci-check-1": () => waiting,
      "ci-wait-2": () => undefined,
      "ci-check-2": () => ({ outcome: "proceed" }),
    }).execute();
    expect(result).toEqual({ outcome: "live", url: "http://web.localhost" });
    expect(stepIds(ctx.step.run as never).slice(0, 4)).toEqual(["wait-for-ci", "ci-check-1", "ci-check-2", "begin"]);
    expect(stepIds(ctx.step.sleep as never)).toEqual(["ci-wait-1", "ci-wait-2"]);
  });

  it("builds nothing when CI failed for the commit", async () => {
    const cancelled = { outcome: "cancelled", reason: "CI failed for abc1234: Tests (failure)" };
    const { result, ctx } = await engine({ "wait-for-ci": () => cancelled }).execute();
    expect(result).toEqual(cancelled);
    expect(stepIds(ctx.step.run as never)).toEqual(["wait-for-ci"]);
  });
});
