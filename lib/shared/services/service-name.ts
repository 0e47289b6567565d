// A repository's name as a service name: lower-case letters, digits and hyphens. Pure: the connect wizard
// proposes it and the API falls back on it.
export function serviceNameFor(fullName: string): string {
  const base = (fullName.split("/").at(-1) ?? "app").toLowerCase().replace(/[^a-z0-9-]+/g, "-").replace(/^-+|-+$/g, "").slice(0, 50);
  return base || "app";
}
