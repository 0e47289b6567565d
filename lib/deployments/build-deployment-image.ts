// Workflow steps 2–3: fetch the exact commit and build its image, every line of output going to the
// deployment's log. A rollback reuses the image it points at.
import { mkdtemp, rm, stat } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join, relative, sep } from "node:path";
import { NonRetriableError } from "inngest";
import { z } from "zod";
import { db } from "@/lib/db";
import { env } from "@/lib/env";
import { checkout } from "@/lib/git/checkout";
import { notify } from "@/lib/notifications/notify";
import { BuildFailedError, buildImage, imageExists, pushImage } from "@/lib/runtime/build-image";
import { EngineUnreachableError, reachableEngine } from "@/lib/runtime/docker";
import { createLogWriter, type LogWriter } from "./deployment-log";
import { gitCredential } from "./git-credential";
import { deploymentLabel, loadDeployment, shortSha, updateDeployment, type LoadedDeployment } from "./load-deployment";
import { cancelAsSuperseded, findNewerDeployment } from "./supersede";
import { recordOutcome } from "./record-outcome";

const SUPERSEDE_POLL_MS = 1_000;
const buildArgsSchema = z.record(z.string(), z.string());
const FAILURE_LINES = 8;

export function imageRepositoryFor(slug: string) {
  return `berth/${slug}`;
}

export function imageTagFor(slug: string, sha: string) {
  return `${imageRepositoryFor(slug)}:${sha.slice(0, 12)}`;
}

type BuildResult = { outcome: "built"; imageTag: string } | { outcome: "superseded"; reason: string };

export async function buildDeploymentImage(id: string): Promise<BuildResult> {
  const deployment = await loadDeployment(id);
  const log = createLogWriter(id, "build");
  const tail: string[] = [];
  const write = (line: string, stream: "stdout" | "stderr" = "stdout") => {
    log.write(line, stream);
    tail.push(line);
    if (tail.length > FAILURE_LINES) tail.shift();
  };
  try {
    const docker = await reachableEngine();
    if (deployment.trigger === "rollback" && deployment.imageTag) {
      if (!(await imageExists(docker, deployment.imageTag))) throw new BuildFailedError(`Image ${deployment.imageTag} no longer exists on the engine`);
      write(`Reusing image ${deployment.imageTag}`);
      return { outcome: "built", imageTag: deployment.imageTag };
    }
    return await fetchAndBuild(deployment, docker, write);
  } catch (error) {
    if (error instanceof Superseded) return cancelAsSuperseded(deployment, error.newer);
    const message = error instanceof Error ? error.message : String(error);
    if (error instanceof BuildFailedError || error instanceof EngineUnreachableError) {
      write(message, "stderr");
      await log.close();
      await failBuild(deployment, message, tail);
      throw new NonRetriableError(message);
    }
    write(`${message} (will retry)`, "stderr");
    throw error;
  } finally {
    await log.close();
  }
}

class Superseded extends Error {
  constructor(readonly newer: { id: string; commitSha: string | null }) {
    super("superseded");
  }
}

async function fetchAndBuild(deployment: LoadedDeployment, docker: Awaited<ReturnType<typeof reachableEngine>>, write: LogWriter["write"]) {
  const { service } = deployment;
  const dir = await mkdtemp(join(tmpdir(), "berth-build-"));
  const abort = new AbortController();
  let newer: { id: string; commitSha: string | null } | null = null;
  const watch = setInterval(async () => {
    newer = await findNewerDeployment(deployment).catch(() => null);
    if (newer) abort.abort();
  }, SUPERSEDE_POLL_MS);
  try {
    write(`Fetching ${service.cloneUrl} at ${deployment.commitSha ?? `the head of ${service.branch}`}`);
    const commit = await checkout({
      cloneUrl: service.cloneUrl,
      branch: service.branch,
      commitSha: deployment.commitSha,
      credential: await gitCredential(service),
      dir,
    });
    write(`Checked out ${shortSha(commit.sha)} "${commit.message}" by ${commit.author}`);
    await db.deployment.update({
      where: { id: deployment.id },
      data: { commitSha: commit.sha, commitMessage: deployment.commitMessage ?? commit.message, commitAuthor: deployment.commitAuthor ?? commit.author },
    });

    const contextDir = join(dir, service.buildContext);
    const dockerfile = relative(contextDir, join(dir, service.dockerfilePath));
    if (dockerfile.startsWith(`..${sep}`) || dockerfile === "..") {
      throw new BuildFailedError(`The Dockerfile (${service.dockerfilePath}) must be inside the build context (${service.buildContext})`);
    }
    if (!(await isFile(join(contextDir, dockerfile)))) {
      throw new BuildFailedError(`No Dockerfile at ${service.dockerfilePath} in ${shortSha(commit.sha)} (set the service's Dockerfile path)`);
    }
    const imageTag = imageTagFor(service.slug, commit.sha);
    write(`Building ${imageTag} from ${service.dockerfilePath}`);
    const started = Date.now();
    await buildImage(docker, {
      contextDir,
      dockerfile,
      tag: imageTag,
      buildArgs: buildArgsSchema.parse(service.buildArgs),
      onLine: write,
      signal: abort.signal,
    }).catch((error: unknown) => {
      if (newer) throw new Superseded(newer);
      throw error;
    });
    write(`Built ${imageTag} in ${((Date.now() - started) / 1000).toFixed(1)} s`);

    const { DOCKER_REGISTRY_URL: registry, DOCKER_REGISTRY_USERNAME: username, DOCKER_REGISTRY_PASSWORD: password } = env();
    if (registry) write(`Pushed ${await pushImage(docker, imageTag, registry, username && password ? { username, password } : undefined, write)}`);

    await db.deployment.update({ where: { id: deployment.id }, data: { imageTag } });
    await notify({
      type: "build_completed",
      serviceId: deployment.serviceId,
      deploymentId: deployment.id,
      severity: "info",
      message: `Built ${service.name}@${shortSha(commit.sha)}`,
    });
    return { outcome: "built" as const, imageTag };
  } finally {
    clearInterval(watch);
    await rm(dir, { recursive: true, force: true });
  }
}

async function failBuild(deployment: LoadedDeployment, message: string, tail: string[]) {
  await updateDeployment(deployment, { status: "failed", error: message, finishedAt: new Date() });
  recordOutcome(deployment, "failed");
  await notify({
    type: "build_failed",
    serviceId: deployment.serviceId,
    deploymentId: deployment.id,
    severity: "error",
    message: `Build of ${deploymentLabel(deployment)} failed; the running version is untouched.\n${tail.join("\n")}`,
  });
}

async function isFile(path: string): Promise<boolean> {
  return stat(path).then((entry) => entry.isFile(), () => false);
}
