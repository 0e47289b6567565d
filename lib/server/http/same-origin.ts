// A request that changes something must come from Berth's own pages, or from no browser at all. Browsers
// name where a request comes from: Origin on every POST, PUT, PATCH and DELETE, Sec-Fetch-Site on every
// request. A request with neither is not a browser's, so it carries no cookie it did not mean to send.
import { ApiError } from "@/lib/server/api-error";

const SAFE_METHODS = new Set(["GET", "HEAD", "OPTIONS"]);

export function crossSiteReason(request: Request, ownOrigin: string): string | null {
  if (SAFE_METHODS.has(request.method)) return null;
  const origin = request.headers.get("origin");
  if (origin !== null) return origin === ownOrigin ? null : `Cross-site request refused: it came from ${origin}, not from this Berth (${ownOrigin})`;
  const site = request.headers.get("sec-fetch-site");
  if (site && site !== "same-origin" && site !== "none") return `Cross-site request refused: the browser marked it ${site}`;
  return null;
}

export function assertSameOrigin(request: Request, ownOrigin: string): void {
  const reason = crossSiteReason(request, ownOrigin);
  if (reason) throw new ApiError({ code: "forbidden", message: reason });
}
