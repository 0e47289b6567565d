import { describe, expect, it } from "vitest";
import { DEFAULT_PRIORITY_RULES, jobPriority, matchPool } from "./match-pool";

const pools = [
  { id: "b", name: "gpu", labels: ["linux", "gpu"], repositories: ["acme"] },
  { id: "a", name: "linux", labels: ["linux", "x64", "large"], repositories: [] },
];

describe("matchPool", () => {
  it("takes the first pool by name that offers every label the job asks for, self-hosted implied, case aside", () => {
    expect(matchPool(pools, { labels: ["self-hosted", "Linux"], repository: "acme/app" }).pool?.name).toBe("gpu");
    expect(matchPool(pools, { labels: ["self-hosted", "linux", "large"], repository: "acme/app" }).pool?.name).toBe("linux");
  });

  it("keeps a pool to its repositories and organizations, and says why nothing fits", () => {
    expect(matchPool(pools, { labels: ["self-hosted", "gpu"], repository: "other/app" })).toEqual({ pool: null, reason: "No runner pool for labels self-hosted, gpu on other/app" });
    expect(matchPool(pools, { labels: ["self-hosted", "gpu"], repository: "ACME/app" }).pool?.id).toBe("b");
  });
});

describe("jobPriority", () => {
  it("adds the points of every rule a label or the branch matches", () => {
    expect(jobPriority(DEFAULT_PRIORITY_RULES, { labels: ["self-hosted", "production", "ubuntu-latest"], branch: "main" })).toBe(110);
    expect(jobPriority(DEFAULT_PRIORITY_RULES, { labels: ["self-hosted", "xl"], branch: null })).toBe(-10);
    expect(jobPriority([{ match: "branch:release", points: 30 }], { labels: [], branch: "Release" })).toBe(30);
  });
});
