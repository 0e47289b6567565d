import { describe, expect, it } from "vitest";
import { secretsEqual } from "./compare";

describe("secretsEqual", () => {
  it.each([
    ["same", "s3cret", "s3cret", true],
    ["different", "s3cret", "s3creT", false],
    ["prefix", "s3c", "s3cret", false],
    ["empty vs value", "", "s3cret", false],
    ["both empty", "", "", true],
    ["unicode", "clé", "clé", true],
  ])("%s", (_case, given, expected, result) => {
    expect(secretsEqual(given, expected)).toBe(result);
  });
});
