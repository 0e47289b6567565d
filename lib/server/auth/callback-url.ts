// Where a sign-in may send the browser afterwards: somewhere on Berth itself, never off-site (an open
// redirect hands the freshly signed-in page to anyone's site). The value is parsed the way the browser
// will read it (tabs and newlines dropped, backslashes as slashes), never judged as text.
const FALLBACK = "/";

export function safeCallbackUrl(value: string | undefined, base: string): string {
  if (!value) return FALLBACK;
  let parsed: URL;
  try {
    parsed = new URL(value, base);
  } catch {
    return FALLBACK;
  }
  if (parsed.origin !== new URL(base).origin) return FALLBACK;
  // "//host" as a path would be read as another host again.
  return `${parsed.pathname.replace(/^\/{2,}/, "/")}${parsed.search}${parsed.hash}`;
}

// next-auth's redirect callback: the same rule, answered as an absolute URL.
export function safeRedirect(url: string, baseUrl: string): string {
  return new URL(safeCallbackUrl(url, baseUrl), baseUrl).toString();
}
