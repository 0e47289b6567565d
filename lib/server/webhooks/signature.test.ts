import { createHmac } from "node:crypto";
import { describe, expect, it } from "vitest";
import { verifySha256Header } from "./signature";

describe("verifySha256Header", () => {
  it("accepts GitHub's published test vector", async () => {
    const body = Buffer.from("Hello, World!");
    const header = "sha256=757107ea0eb2509fc211221cce984b8a37570b6d7586c22c46f4379c8b043e17";
    expect(await verifySha256Header("It's a Secret to Everybody", body, header)).toBe(true);
  });

  it("verifies the exact bytes, including a byte-order mark and non-ASCII text", async () => {
    const body = Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from('{"branch":"été/🚀"}')]);
    const header = `sha256=${createHmac("sha256", "s").update(body).digest("hex")}`;
    expect(await verifySha256Header("s", body, header)).toBe(true);
  });

  it("signs an empty body too (a deploy hook without a body)", async () => {
    const header = `sha256=${createHmac("sha256", "s").update("").digest("hex")}`;
    expect(await verifySha256Header("s", Buffer.alloc(0), header)).toBe(true);
    expect(await verifySha256Header("s", Buffer.alloc(0), "sha256=00")).toBe(false);
  });

  const body = Buffer.from("Hello, World!");
  const good = "sha256=757107ea0eb2509fc211221cce984b8a37570b6d7586c22c46f4379c8b043e17";
  it.each([
    ["no header", null],
    ["empty header", ""],
    ["upper-case algorithm", good.replace("sha256", "SHA256")],
    ["sha1 prefix", good.replace("sha256", "sha1")],
    ["no prefix", good.slice(7)],
    ["truncated", good.slice(0, -1)],
    ["extended", `${good}0`],
    ["hex that stops early", `${good.slice(0, -4)}zzzz`],
  ])("rejects %s", async (_case, header) => {
    expect(await verifySha256Header("It's a Secret to Everybody", body, header)).toBe(false);
  });
});
