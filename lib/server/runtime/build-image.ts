// Builds an image from a directory with the engine's build API, passing every output line on as it comes.
// The directory is packed as it is: symlinks inside it travel as symlinks, never as what they point at.
import { StringDecoder } from "node:string_decoder";
import type Docker from "dockerode";
import { pack } from "tar-fs";
import { LineSplitter } from "./line-splitter";

export type BuildImageInput = {
  contextDir: string;
  // Relative to contextDir.
  dockerfile: string;
  tag: string;
  buildArgs: Record<string, string>;
  onLine: (line: string, stream: "stdout" | "stderr") => void;
  signal?: AbortSignal;
  // For the build's own containers (RUN steps); null: the engine's default.
  memoryLimitMb?: number | null;
};

type BuildMessage = { stream?: string; status?: string; error?: string; errorDetail?: { message?: string } };

export class BuildFailedError extends Error {
  override name = "BuildFailedError";
}

// A build cut off from outside rather than failed by its Dockerfile: the engine's stream ended early, or a RUN
// step was killed (exit code 137, as an engine that stops kills its build containers; the step's own memory limit
// does the same, which is why the caller checks whether the engine really went away).
export class BuildInterruptedError extends BuildFailedError {
  override name = "BuildInterruptedError";
}

const KILLED_STEP = /returned a non-zero code: 137$/;

// The engine answers a build or push as a stream of JSON messages, one per line. It is read as it comes
// with bounded buffers (a build may print without end) and no message is kept once handled.
const MAX_MESSAGE = 1024 * 1024;
// Longer lines are cut (the deployment log cuts at the same length).
export const MAX_LINE = 8 * 1024;

async function readEngineStream(stream: NodeJS.ReadableStream, onMessage: (message: BuildMessage) => void, onSkipped: (what: string) => void) {
  const messages = new LineSplitter(MAX_MESSAGE, (text, cut) => {
    if (cut) return onSkipped(`[an engine message over ${MAX_MESSAGE / 1024 / 1024} MB was skipped]`);
    if (!text.trim()) return;
    let message: BuildMessage;
    try {
      message = JSON.parse(text) as BuildMessage;
    } catch {
      return onSkipped("[an unreadable engine message was skipped]");
    }
    onMessage(message);
  });
  const decoder = new StringDecoder("utf8");
  for await (const chunk of stream) messages.push(typeof chunk === "string" ? chunk : decoder.write(chunk));
  messages.push(decoder.end());
  messages.end();
}

export async function buildImage(docker: Docker, input: BuildImageInput): Promise<void> {
  const memory = input.memoryLimitMb ? input.memoryLimitMb * 1024 * 1024 : undefined;
  const output = await docker
    .buildImage(pack(input.contextDir), { t: input.tag, dockerfile: input.dockerfile, buildargs: input.buildArgs, rm: true, forcerm: true, memory, memswap: memory })
    .catch((error: unknown) => {
      // The engine answered and refused the build (a bad Dockerfile): that is the build failing, not a fault to retry.
      if (typeof error === "object" && error !== null && "statusCode" in error) {
        throw new BuildFailedError(((error as { json?: { message?: string } }).json?.message ?? (error instanceof Error ? String(error) : "The Docker engine refused the build")).trim().slice(0, MAX_LINE));
      }
      throw error;
    });
  // Closing the connection makes the engine stop the build.
  const abort = () => (output as NodeJS.ReadableStream & { destroy(): void }).destroy();
  input.signal?.addEventListener("abort", abort, { once: true });
  let failure: string | undefined;
  const lines = new LineSplitter(MAX_LINE, (line, cut) => input.onLine(cut ? `${line}… [line cut]` : line.replace(/\r$/, ""), "stdout"));
  try {
    await readEngineStream(
      output,
      (message) => {
        if (message.error) {
          failure = (message.errorDetail?.message ?? message.error).slice(0, MAX_LINE);
          input.onLine(failure, "stderr");
          return;
        }
        lines.push(message.stream ?? (message.status ? `${message.status}\n` : ""));
      },
      (what) => input.onLine(what, "stderr"),
    );
    lines.end();
  } catch (error) {
    if (!input.signal?.aborted) throw new BuildInterruptedError(error instanceof Error ? error.message : String(error));
  } finally {
    input.signal?.removeEventListener("abort", abort);
  }
  if (input.signal?.aborted) throw new BuildFailedError("Build cancelled");
  if (failure) throw KILLED_STEP.test(failure) ? new BuildInterruptedError(failure) : new BuildFailedError(failure);
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
  let failure: string | undefined;
  await readEngineStream(
    output,
    (message) => {
      if (message.error) failure ??= message.error.slice(0, MAX_LINE);
      else if (message.status) onLine(message.status.slice(0, MAX_LINE));
    },
    onLine,
  ).catch((error: unknown) => {
    failure ??= error instanceof Error ? error.message : String(error);
  });
  if (failure) throw new BuildFailedError(`Push to ${registry} failed: ${failure}`);
  return `${remote}:${version}`;
}
