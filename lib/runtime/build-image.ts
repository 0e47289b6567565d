// Builds an image from a directory with the engine's build API, passing every output line on as it comes.
import type Docker from "dockerode";
import { pack } from "tar-fs";

export type BuildImageInput = {
  contextDir: string;
  // Relative to contextDir.
  dockerfile: string;
  tag: string;
  buildArgs: Record<string, string>;
  onLine: (line: string, stream: "stdout" | "stderr") => void;
  signal?: AbortSignal;
};

type BuildMessage = { stream?: string; status?: string; error?: string; errorDetail?: { message?: string } };

export class BuildFailedError extends Error {
  override name = "BuildFailedError";
}

export async function buildImage(docker: Docker, input: BuildImageInput): Promise<void> {
  const output = await docker
    .buildImage(pack(input.contextDir), { t: input.tag, dockerfile: input.dockerfile, buildargs: input.buildArgs, rm: true, forcerm: true })
    .catch((error: unknown) => {
      // The engine answered and refused the build (a bad Dockerfile): that is the build failing, not a fault to retry.
      if (typeof error === "object" && error !== null && "statusCode" in error) {
        throw new BuildFailedError(((error as { json?: { message?: string } }).json?.message ?? String(error)).trim());
      }
      throw error;
    });
  // Closing the connection makes the engine stop the build.
  const abort = () => (output as NodeJS.ReadableStream & { destroy(): void }).destroy();
  input.signal?.addEventListener("abort", abort, { once: true });
  let partial = "";
  try {
    await new Promise<void>((resolve, reject) => {
      let failure: string | undefined;
      docker.modem.followProgress(
        output,
        (error: Error | null) => {
          if (partial) input.onLine(partial, "stdout");
          if (input.signal?.aborted) reject(new BuildFailedError("Build cancelled"));
          else if (error) reject(new BuildFailedError(error.message));
          else if (failure) reject(new BuildFailedError(failure));
          else resolve();
        },
        (message: BuildMessage) => {
          if (message.error) {
            failure = message.errorDetail?.message ?? message.error;
            input.onLine(failure, "stderr");
            return;
          }
          const text = message.stream ?? (message.status ? `${message.status}\n` : "");
          const lines = (partial + text).split("\n");
          partial = lines.pop() ?? "";
          for (const line of lines) input.onLine(line.replace(/\r$/, ""), "stdout");
        },
      );
    });
  } finally {
    input.signal?.removeEventListener("abort", abort);
  }
}

export async function imageExists(docker: Docker, tag: string): Promise<boolean> {
  try {
    await docker.getImage(tag).inspect();
    return true;
  } catch {
    return false;
  }
}

export type RegistryCredentials = { username: string; password: string } | undefined;

// Pushes tag to a registry as registry/tag. The engine keeps no credentials of its own (the docker CLI
// sends them with each push), so they come from Berth's configuration.
export async function pushImage(docker: Docker, tag: string, registry: string, credentials: RegistryCredentials, onLine: (line: string) => void): Promise<string> {
  const [repository, version] = tag.split(":");
  const server = registry.replace(/^https?:\/\//, "").replace(/\/$/, "");
  const remote = `${server}/${repository}`;
  await docker.getImage(tag).tag({ repo: remote, tag: version });
  const output = await docker.getImage(`${remote}:${version}`).push({ authconfig: { ...credentials, serveraddress: server } });
  await new Promise<void>((resolve, reject) => {
    docker.modem.followProgress(
      output,
      (error: Error | null, messages: BuildMessage[]) => {
        const failed = messages?.find((message) => message.error);
        if (error || failed) reject(new BuildFailedError(`Push to ${registry} failed: ${error?.message ?? failed?.error}`));
        else resolve();
      },
      (message: BuildMessage) => {
        if (message.status) onLine(message.status);
      },
    );
  });
  return `${remote}:${version}`;
}
