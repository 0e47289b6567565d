import { describe, expect, it } from "vitest";
import { groupCommit } from "./group-commit";

// A database stand-in whose statements finish when the test says so.
function recordingWriter(options: { failBatchesWith?: (inputs: number[]) => boolean } = {}) {
  const statements: number[][] = [];
  const pending: (() => void)[] = [];
  const held = <T>(inputs: number[], value: () => T) =>
    new Promise<T>((resolve, reject) => {
      statements.push(inputs);
      pending.push(() => (options.failBatchesWith?.(inputs) ? reject(new Error("unique violation")) : resolve(value())));
    });
  return {
    statements,
    finishAll: () => pending.splice(0).forEach((finish) => finish()),
    writeBatch: (inputs: number[]) => held(inputs, () => inputs.map((input) => input * 10)),
    writeOne: (input: number) => held([input], () => (input === 13 ? Promise.reject(new Error("13 refused")) : input * 10)) as Promise<number>,
  };
}

const settle = () => new Promise((resolve) => setImmediate(resolve));

describe("groupCommit", () => {
  it("writes at once while a slot is free, and together what arrived while every slot was busy", async () => {
    const writer = recordingWriter();
    const write = groupCommit({ ...writer, maxBatch: 64, maxInFlight: 2 });
    const results = [1, 2, 3, 4, 5].map((input) => write(input));
    expect(writer.statements).toEqual([[1], [2]]);

    writer.finishAll();
    await settle();
    expect(writer.statements).toEqual([[1], [2], [3, 4, 5]]);
    writer.finishAll();
    expect(await Promise.all(results)).toEqual([10, 20, 30, 40, 50]);
  });

  it("puts at most maxBatch writes in one statement", async () => {
    const writer = recordingWriter();
    const write = groupCommit({ ...writer, maxBatch: 2, maxInFlight: 1 });
    const results = [1, 2, 3, 4, 5].map((input) => write(input));
    for (let round = 0; round < 3; round++) {
      writer.finishAll();
      await settle();
    }
    expect(writer.statements).toEqual([[1], [2, 3], [4, 5]]);
    writer.finishAll();
    await Promise.all(results);
  });

  it("a batch that fails is written again one by one, each caller getting its own result or error", async () => {
    const writer = recordingWriter({ failBatchesWith: (inputs) => inputs.length > 1 });
    const write = groupCommit({ ...writer, maxBatch: 64, maxInFlight: 1 });
    const results = [1, 12, 13, 14].map((input) => write(input).then(String, (error: Error) => error.message));
    for (let round = 0; round < 3; round++) {
      writer.finishAll();
      await settle();
    }
    expect(writer.statements).toEqual([[1], [12, 13, 14], [12], [13], [14]]);
    expect(await Promise.all(results)).toEqual(["10", "120", "13 refused", "140"]);
  });

  it("tells the size of every statement", async () => {
    const writer = recordingWriter();
    const sizes: number[] = [];
    const write = groupCommit({ ...writer, maxBatch: 64, maxInFlight: 1, onBatch: (size) => sizes.push(size) });
    const results = [1, 2, 3].map((input) => write(input));
    writer.finishAll();
    await settle();
    writer.finishAll();
    await Promise.all(results);
    expect(sizes).toEqual([1, 2]);
  });
});
