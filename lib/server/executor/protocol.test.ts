import { describe, expect, it } from "vitest";
import { maxAttempts, retryDelay, wakeTime, type FunctionConfig } from "./protocol";

describe("wakeTime", () => {
  const now = Date.UTC(2026, 10, 23, 12, 0, 0);

  it.each([
    ["2s", 2_000],
    ["500ms", 500],
    ["1h30m", 5_400_000],
    ["1d", 86_400_000],
    ["1w", 604_800_000],
  ])("reads the duration %s", (value, ms) => {
    expect(wakeTime(value, now)).toBe(now + ms);
  });

  it("reads sleepUntil's ISO date", () => {
    expect(wakeTime("2026-11-24T00:00:00.000Z", now)).toBe(Date.UTC(2026, 10, 24));
  });

  it.each(["soon", "2 s", "2x"])("refuses %s", (value) => {
    expect(() => wakeTime(value, now)).toThrow(/Not a duration or date/);
  });
});

describe("retryDelay", () => {
  it("follows Inngest's schedule with up to 30 s of jitter", () => {
    expect(retryDelay(0, () => 0)).toBe(15_000);
    expect(retryDelay(1, () => 0)).toBe(30_000);
    expect(retryDelay(2, () => 0.999)).toBe(60_000 + 29_970);
    expect(retryDelay(40, () => 0)).toBe(600_000);
  });
});

describe("maxAttempts", () => {
  const config = (attempts?: number): FunctionConfig => ({
    id: "berth-fn",
    triggers: [{ event: "x" }],
    steps: { step: attempts === undefined ? {} : { retries: { attempts } } },
  });

  it("is retries + 1, with Inngest's default of 4 retries", () => {
    expect(maxAttempts(config(2))).toBe(3);
    expect(maxAttempts(config(0))).toBe(1);
    expect(maxAttempts(config())).toBe(5);
  });
});
