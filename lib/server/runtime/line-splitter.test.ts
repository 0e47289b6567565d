import { describe, expect, it } from "vitest";
import { LineSplitter } from "./line-splitter";

function split(maxLength: number, chunks: string[]) {
  const lines: [string, boolean][] = [];
  const splitter = new LineSplitter(maxLength, (line, cut) => lines.push([line, cut]));
  for (const chunk of chunks) splitter.push(chunk);
  splitter.end();
  return lines;
}

describe("LineSplitter", () => {
  it("joins lines across chunks and passes the last unterminated one at the end", () => {
    expect(split(100, ["al", "pha\nbe", "ta\n\ngam", "ma"])).toEqual([
      ["alpha", false],
      ["beta", false],
      ["", false],
      ["gamma", false],
    ]);
  });

  it("cuts a long line once and drops the rest of it, however it arrives", () => {
    expect(split(4, ["abcdefgh", "ijkl\nok\n"])).toEqual([
      ["abcd", true],
      ["ok", false],
    ]);
    expect(split(4, ["ab", "cd", "ef", "\nxy"])).toEqual([
      ["abcd", true],
      ["xy", false],
    ]);
  });

  it("never holds more than the limit of a line that has no end", () => {
    const lines: string[] = [];
    const splitter = new LineSplitter(1024, (line) => lines.push(line));
    for (let i = 0; i < 5_000; i++) splitter.push("y".repeat(10_000));
    splitter.end();
    expect(lines).toEqual(["y".repeat(1024)]);
  });
});
