import { ApiError } from "@/lib/server/api-error";

// Reads at most `limit` bytes of a request body, refusing (413) as soon as it is exceeded rather than
// buffering whatever a client sends. Route handlers get no body limit from Next.js.
export async function readBodyCapped(request: Request, limit: number): Promise<Uint8Array> {
  const tooLarge = () => new ApiError({ code: "payload_too_large", message: `Request body is larger than ${limit} bytes` });
  const declared = Number(request.headers.get("content-length"));
  if (Number.isFinite(declared) && declared > limit) throw tooLarge();
  if (!request.body) return new Uint8Array();

  const chunks: Uint8Array[] = [];
  let size = 0;
  const reader = request.body.getReader();
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    size += value.byteLength;
    if (size > limit) {
      await reader.cancel();
      throw tooLarge();
    }
    chunks.push(value);
  }
  return Buffer.concat(chunks);
}
