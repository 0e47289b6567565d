// A clone URL is saved only if Berth would fetch from it (lib/server/git/remote-policy.ts). A host that does not
// resolve yet is saved: every build checks the URL again before git runs.
import { invalidField } from "@/lib/server/api-error";
import { checkRemote, configuredRemotePolicy, RemoteRefusedError } from "@/lib/server/git/remote-policy";

export async function assertCloneUrlAllowed(url: string): Promise<void> {
  try {
    await checkRemote(url, configuredRemotePolicy(), { mustResolve: false });
  } catch (error) {
    if (error instanceof RemoteRefusedError) throw invalidField("clone_url", error.message);
    throw error;
  }
}
