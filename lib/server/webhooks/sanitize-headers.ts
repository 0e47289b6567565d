// Headers as stored in the audit log: everything a person debugging a delivery wants, nothing that
// authenticates.
const ALWAYS_SECRET = ["authorization", "proxy-authorization", "cookie", "x-gitlab-token"];

export function sanitizeHeaders(headers: Headers, extraSecret: readonly string[] = []): Record<string, string> {
  const secret = new Set([...ALWAYS_SECRET, ...extraSecret]);
  const kept: Record<string, string> = {};
  headers.forEach((value, name) => {
    if (!secret.has(name.toLowerCase())) kept[name.toLowerCase()] = value;
  });
  return kept;
}
