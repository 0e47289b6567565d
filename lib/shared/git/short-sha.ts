// A commit as people read it: the first 7 hex digits, or the branch head when none is pinned yet.
export function shortSha(sha: string | null | undefined): string {
  return sha ? sha.slice(0, 7) : "branch head";
}
