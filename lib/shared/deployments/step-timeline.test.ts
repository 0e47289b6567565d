import { describe, expect, it } from "vitest";
import { stepTimeline } from "./step-timeline";

const at = (second: number) => new Date(Date.UTC(2026, 10, 23, 12, 0, second)).toISOString();
const line = (step: string, second: number) => ({ step, created_at: at(second) });
const states = (timeline: ReturnType<typeof stepTimeline>) => timeline.map((entry) => `${entry.step}:${entry.state}`);

describe("stepTimeline", () => {
  it("a live deployment: every step done, each lasting until the next began", () => {
    const timeline = stepTimeline([line("build", 0), line("build", 3), line("deploy", 4), line("health", 5), line("health", 6), line("route", 7)], "live");
    expect(states(timeline)).toEqual(["build:done", "deploy:done", "health:done", "route:done"]);
    expect(timeline.map((entry) => entry.seconds)).toEqual([4, 1, 2, 0]);
  });

  it("a deployment under way: the latest step runs, the rest wait", () => {
    expect(states(stepTimeline([line("build", 0), line("deploy", 2)], "deploying"))).toEqual(["build:done", "deploy:running", "health:pending", "route:pending"]);
    expect(states(stepTimeline([], "queued"))).toEqual(["build:pending", "deploy:pending", "health:pending", "route:pending"]);
  });

  it("a failed health check that was rolled back", () => {
    const timeline = stepTimeline([line("build", 0), line("deploy", 1), line("health", 2), line("health", 5), line("rollback", 6)], "rolled_back");
    expect(states(timeline)).toEqual(["build:done", "deploy:done", "health:failed", "route:not_reached", "rollback:done"]);
    expect(timeline.find((entry) => entry.step === "health")?.seconds).toBe(4);
  });

  it("a failed build, a cancelled one, and a rollback that failed too", () => {
    expect(states(stepTimeline([line("build", 0)], "failed"))).toEqual(["build:failed", "deploy:not_reached", "health:not_reached", "route:not_reached"]);
    expect(states(stepTimeline([line("build", 0)], "cancelled"))[0]).toBe("build:cancelled");
    expect(states(stepTimeline([line("build", 0), line("deploy", 1), line("rollback", 2)], "failed"))).toEqual(["build:done", "deploy:failed", "health:not_reached", "route:not_reached", "rollback:failed"]);
  });
});
