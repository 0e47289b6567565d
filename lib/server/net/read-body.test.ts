import { describe, expect, it } from "vitest";
import { ApiError } from "@/lib/server/api-error";
import { readBodyCapped } from "./read-body";

function streamed(chunks: string[]): Request {
  const body = new ReadableStream<Uint8Array>({
    start(controller) {
      for (const chunk of chunks) controller.enqueue(new TextEncoder().encode(chunk));
      controller.close();
    },
  });
  return new Request("http://berth.test/", { method: "POST", body, duplex: "half" } as RequestInit);
}

async function refusal(promise: Promise<unknown>) {
  const error = await promise.catch((caught: unknown) => caught);
  expect(error).toBeInstanceOf(ApiError);
  return error as ApiError;
}

describe("readBodyCapped", () => {
  it("returns the exact bytes of a body within the limit", async () => {
    const bytes = await readBodyCapped(streamed(["{\"a\":", "1}"]), 10);
    expect(new TextDecoder().decode(bytes)).toBe('{"a":1}');
  });

  it("refuses a body that grows past the limit while streaming, with no Content-Length", async () => {
    const error = await refusal(readBodyCapped(streamed(["12345", "67890", "x"]), 10));
    expect(error.code).toBe("payload_too_large");
    expect(error.message).toBe("Request body is larger than 10 bytes");
  });

  it("refuses at once when the declared length is over the limit", async () => {
    const request = new Request("http://berth.test/", { method: "POST", body: "x".repeat(20), headers: { "content-length": "20" } });
    expect((await refusal(readBodyCapped(request, 10))).code).toBe("payload_too_large");
  });

  it("reads an empty body as no bytes", async () => {
    expect(await readBodyCapped(new Request("http://berth.test/", { method: "POST" }), 10)).toHaveLength(0);
  });
});
