// Where a branch points at the remote now (`git ls-remote`), asked in the same clean room as a checkout: only
// the service's own credential, no configuration or helpers of the host's.
import { execFile } from "node:child_process";
import { promisify } from "node:util";
import { isCommitSha } from "@/lib/shared/validations/git";
import { cleanRoom, gitFailure, type GitCredential } from "./checkout";
import type { CheckedRemote } from "./remote-policy";

const run = promisify(execFile);

export class RemoteHeadError extends Error {
  override name = "RemoteHeadError";
}

// The sha `git ls-remote` names for the branch; null when it names none. Whatever the remote answered is checked.
export function headInLsRemote(stdout: string, branch: string): string | null {
  const sha = stdout.split("\n").find((line) => line.endsWith(`\trefs/heads/${branch}`))?.split("\t")[0] ?? null;
  if (sha !== null && !isCommitSha(sha)) throw new RemoteHeadError(`The remote answered something that is not a commit for ${branch}`);
  return sha;
}

// null: the branch does not exist at the remote.
export async function remoteBranchHead(remote: CheckedRemote, credential: GitCredential, branch: string): Promise<string | null> {
  const room = await cleanRoom(remote, credential);
  try {
    const { stdout } = await run("git", ["ls-remote", "--end-of-options", remote.url, `refs/heads/${branch}`], {
      env: room.env as NodeJS.ProcessEnv,
      maxBuffer: 1024 * 1024,
      timeout: 60_000,
    });
    return headInLsRemote(stdout, branch);
  } catch (error) {
    if (error instanceof RemoteHeadError) throw error;
    throw new RemoteHeadError(gitFailure((error as { stderr?: string }).stderr) || String(error));
  } finally {
    await room.cleanup();
  }
}
