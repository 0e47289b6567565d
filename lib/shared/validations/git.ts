// What Berth accepts as Git names from outside (webhook payloads, the API, the UI). Each value here can
// end up on a git command line, so the rules say exactly what is allowed rather than what is not.
import { z } from "zod";

// Full SHA-1 (40) or SHA-256 (64) object names, lowercase as git and every provider write them.
// Abbreviations are refused: they can be ambiguous, and anything else could be read as an option.
export const COMMIT_SHA = /^(?:[0-9a-f]{40}|[0-9a-f]{64})$/;

export const commitShaSchema = z.string().regex(COMMIT_SHA, "must be a full lowercase commit sha (40 or 64 hex characters)");

// The API's form: surrounding space and upper case are forgiven before the same rule applies.
export const commitShaInputSchema = z
  .string()
  .trim()
  .transform((sha) => sha.toLowerCase())
  .pipe(z.string().regex(COMMIT_SHA, "must be a full commit sha (40 or 64 hex characters)"));

export function isCommitSha(value: unknown): value is string {
  return typeof value === "string" && COMMIT_SHA.test(value);
}

// git check-ref-format's rules for one ref name (a branch or tag name, or a full refs/… name).
export function isValidRefName(name: string): boolean {
  return (
    name.length > 0 &&
    name.length <= 255 &&
    // eslint-disable-next-line no-control-regex -- control characters are exactly what this refuses
    !/[\s~^:?*[\\\x00-\x1f\x7f]/.test(name) &&
    !name.includes("..") &&
    !name.includes("@{") &&
    !name.includes("//") &&
    !name.includes("/.") &&
    !name.startsWith("/") &&
    !name.startsWith("-") &&
    !name.startsWith(".") &&
    !name.endsWith("/") &&
    !name.endsWith(".") &&
    !name.endsWith(".lock") &&
    name !== "@"
  );
}

export const branchSchema = z
  .string()
  .trim()
  .min(1, "is required")
  .max(255)
  .refine(isValidRefName, { message: "is not a valid git branch name" });

// A ref a push moved, as providers name it: refs/heads/<branch> or refs/tags/<tag>.
export const pushedRefSchema = z
  .string()
  .max(255)
  .refine((ref) => /^refs\/(heads|tags)\/./.test(ref) && isValidRefName(ref), { message: "must be a refs/heads/… or refs/tags/… name" });

// A bare branch or tag name inside a payload (Bitbucket Cloud sends names, not refs).
export const refNameSchema = z.string().max(255).refine(isValidRefName, { message: "must be a valid git branch or tag name" });

// A repository's name in a payload (owner/name, a GitLab path, a Bitbucket slug): at most what any provider
// allows, so an attacker's megabyte of "name" goes no further than the parser.
export const repositoryNameSchema = z.string().min(1).max(255);

// A commit's message and author as a payload tells them: kept, but cut (they end up in the deployment's
// row, its notifications and the UI).
const cut = (limit: number) => (text: string) => (text.length > limit ? `${text.slice(0, limit)}…` : text);
export const commitMessageSchema = z.string().transform(cut(8 * 1024));
export const commitAuthorSchema = z.string().transform(cut(255));

// user@host:path. Neither the user nor the host may start with "-": ssh would read it as an option.
const SCP_LIKE = /^[A-Za-z0-9._][A-Za-z0-9._-]*@[A-Za-z0-9.][A-Za-z0-9.-]*:[^\s]+$/;

export type CloneUrlKind = "https" | "http" | "ssh" | "file";

// The transport a clone URL asks for, or undefined for anything Berth does not fetch from. Plain http
// is recognised here and allowed only by the remote policy (lib/server/git/remote-policy.ts).
export function cloneUrlKind(url: string): CloneUrlKind | undefined {
  if (SCP_LIKE.test(url)) return "ssh";
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return undefined;
  }
  if (/[\s]/.test(url) || parsed.hostname.startsWith("-") || parsed.username.startsWith("-")) return undefined;
  if ((parsed.protocol === "https:" || parsed.protocol === "http:") && parsed.hostname && !parsed.username && !parsed.password) {
    return parsed.protocol === "https:" ? "https" : "http";
  }
  if (parsed.protocol === "ssh:" && parsed.hostname && !parsed.password) return "ssh";
  if (parsed.protocol === "file:" && !parsed.hostname && parsed.pathname.length > 1) return "file";
  return undefined;
}

export const cloneUrlSchema = z
  .string()
  .trim()
  .max(2048)
  .refine((url) => cloneUrlKind(url) !== undefined, {
    message: "must be an https:// URL without credentials, an ssh:// or user@host:path URL, or a file:// URL",
  });
