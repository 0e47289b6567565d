// Only same-site paths: an open redirect after sign-in would hand the session page to anyone's site.
export function safeCallbackUrl(value: string | undefined): string {
  if (!value || !value.startsWith("/") || value.startsWith("//") || value.startsWith("/\\")) return "/";
  return value;
}
