import { describe, expect, it } from "vitest";
import { objectCacheDir } from "./object-cache";

describe("a service's git object cache", () => {
  it("lives under the data directory, one per service", () => {
    expect(objectCacheDir("cm3x0abc", "/var/lib/berth")).toBe("/var/lib/berth/git-cache/cm3x0abc.git");
    expect(objectCacheDir("99979fe2-6019-4248-b4fd-6e4b9882b27e", "/d")).toBe("/d/git-cache/99979fe2-6019-4248-b4fd-6e4b9882b27e.git");
  });

  it.each(["../../etc", "a/b", "", ".", "x".repeat(65), "cm3\u0000x"])("refuses %j as a service id rather than make it a path", (id) => {
    expect(() => objectCacheDir(id, "/d")).toThrow("Not a service id");
  });
});
