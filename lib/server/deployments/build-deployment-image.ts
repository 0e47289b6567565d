// Workflow steps 2–3: fetch the exact commit and build its image, every line of output going to the
// deployment's log (up to its limit). The fetch, build and push stop at the service's build timeout or when
// a newer deployment supersedes this one. A rollback reuses the image it points at.
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { NonRetriableError } from "inngest";
import { z } from "zod";
import { db } from "@/lib/server/db";
import { env } from "@/lib/server/env";
import { objectCacheDir } from "@/lib/server/git/object-cache";
import { imageTagFor } from "@/lib/server/runtime/image-names";
import { checkout } from "@/lib/server/git/checkout";
import { checkRemote, configuredRemotePolicy, RemoteRefusedError } from "@/lib/server/git/remote-policy";
import { notify } from "@/lib/server/notifications/notify";
import { BuildFailedError, BuildInterruptedError, buildImage, imageExists, pushImage } from "@/lib/server/runtime/build-image";
import { containerLimits } from "@/lib/server/runtime/container-limits";
import { engineStopsWithin, EngineUnreachableError, reachableEngine } from "@/lib/server/runtime/docker";
import { createLogWriter, logUsage, type LogWriter } from "./deployment-log";
import { gitCredential } from "./git-credential";
import { finishDeployment } from "./finish-deployment";
import { deploymentLabel, loadDeployment, progressed, type LoadedDeployment } from "./load-deployment";
import { shortSha } from "@/lib/shared/git/short-sha";
import { cancelAsSuperseded, findNewerDeployment } from "./supersede";
import { resolveBuildPaths } from "./resolve-build-paths";

const SUPERSEDE_POLL_MS = 1_000;
const buildArgsSchema = z.record(z.string(), z.string());
const FAILURE_LINES = 8;
// An engine that stops kills its build containers first and stops answering a few seconds later (dockerd: ~3 s).
const ENGINE_STOP_WINDOW_MS = 10_000;


type BuildResult = { outcome: "built"; imageTag: string } | { outcome: "superseded"; reason: string };

// finalAttempt: the workflow will not call this step again. Until then an engine that is down, or stopped during
// the build, is waited for (the step is retried) rather than failing the deployment: a restart of dockerd is not
// the commit's fault.
export async function buildDeploymentImage(id: string, { finalAttempt }: { finalAttempt: boolean }): Promise<BuildResult> {
  const deployment = await loadDeployment(id);
  const log = createLogWriter(id, "build", await logUsage(id));
  const tail: string[] = [];
  const remember = (line: string) => {
    tail.push(line);
    if (tail.length > FAILURE_LINES) tail.shift();
  };
  const output: BuildOutput = {
    write(line, stream = "stdout") {
      log.write(line, stream);
      remember(line);
    },
    output(line, stream = "stdout") {
      log.output(line, stream);
      remember(line);
    },
  };
  try {
    const docker = await reachableEngine();
    if (deployment.trigger === "rollback" && deployment.imageTag) {
      if (!(await imageExists(docker, deployment.imageTag))) throw new BuildFailedError(`Image ${deployment.imageTag} no longer exists on the engine`);
      output.write(`Reusing image ${deployment.imageTag}`);
      return { outcome: "built", imageTag: deployment.imageTag };
    }
    return await fetchAndBuild(deployment, docker, output);
  } catch (error) {
    if (error instanceof Superseded) return cancelAsSuperseded(deployment, error.newer);
    const message = error instanceof Error ? error.message : String(error);
    const engineAway = error instanceof EngineUnreachableError || (error instanceof BuildInterruptedError && (await engineStopsWithin(ENGINE_STOP_WINDOW_MS)));
    if (engineAway && !finalAttempt) {
      const why = error instanceof EngineUnreachableError ? message : `The Docker engine stopped during the build (${message})`;
      output.write(`${why}; building again once it answers (will retry)`, "stderr");
      throw error instanceof EngineUnreachableError ? error : new Error(why);
    }
    if (error instanceof BuildFailedError || error instanceof EngineUnreachableError) {
      output.write(message, "stderr");
      await log.close();
      await failBuild(deployment, message, tail);
      throw new NonRetriableError(message);
    }
    output.write(`${message} (will retry)`, "stderr");
    throw error;
  } finally {
    await log.close();
  }
}

type BuildOutput = Pick<LogWriter, "write" | "output">;

class Superseded extends Error {
  constructor(readonly newer: { id: string; commitSha: string | null }) {
    super("superseded");
  }
}

// Why a build was stopped from outside: a newer deployment, or its time ran out.
type Stop = { reason: "superseded"; newer: { id: string; commitSha: string | null } } | { reason: "timeout" };

async function fetchAndBuild(deployment: LoadedDeployment, docker: Awaited<ReturnType<typeof reachableEngine>>, log: BuildOutput) {
  const { service } = deployment;
  const dir = await mkdtemp(join(tmpdir(), "berth-build-"));
  const abort = new AbortController();
  let stopped: Stop | null = null;
  const stop = (why: Stop) => {
    stopped ??= why;
    abort.abort();
  };
  const watch = setInterval(() => {
    // A failed look is simply taken again on the next tick.
    findNewerDeployment(deployment).then(
      (newer) => newer && stop({ reason: "superseded", newer }),
      () => undefined,
    );
  }, SUPERSEDE_POLL_MS);
  const deadline = setTimeout(() => stop({ reason: "timeout" }), service.buildTimeout * 1000);
  try {
    return await fetchAndBuildUntilStopped(deployment, docker, log, dir, abort.signal);
  } catch (error) {
    const why = stopped as Stop | null;
    if (why?.reason === "superseded") throw new Superseded(why.newer);
    if (why?.reason === "timeout") {
      throw new BuildFailedError(`The build took longer than its limit of ${formatSeconds(service.buildTimeout)} (build_timeout_s) and was stopped`);
    }
    throw error;
  } finally {
    clearInterval(watch);
    clearTimeout(deadline);
    await rm(dir, { recursive: true, force: true });
  }
}

async function fetchAndBuildUntilStopped(deployment: LoadedDeployment, docker: Awaited<ReturnType<typeof reachableEngine>>, log: BuildOutput, dir: string, signal: AbortSignal) {
  const { service } = deployment;
  log.write(`Fetching ${service.cloneUrl} at ${deployment.commitSha ?? `the head of ${service.branch}`}`);
  // Checked again at every build: the policy or the host's DNS answer may have changed since it was saved.
  const remote = await checkRemote(service.cloneUrl, configuredRemotePolicy()).catch((error: unknown) => {
    if (error instanceof RemoteRefusedError) throw new BuildFailedError(`The clone URL ${error.message}`);
    throw error;
  });
  const commit = await checkout({ remote, branch: service.branch, commitSha: deployment.commitSha, credential: await gitCredential(service), dir, cacheDir: objectCacheDir(service.id), signal });
  log.write(`Checked out ${shortSha(commit.sha)} "${commit.message}" by ${commit.author}`);
  await db.$transaction([
    db.deployment.update({
      where: { id: deployment.id },
      data: { commitSha: commit.sha, commitMessage: deployment.commitMessage ?? commit.message, commitAuthor: deployment.commitAuthor ?? commit.author },
    }),
    // A deployment that did not know its commit can now be reported on it.
    ...(deployment.commitSha ? [] : progressed(deployment)),
  ]);

  const { contextDir, dockerfile } = await resolveBuildPaths(dir, { contextDir: service.buildContext, dockerfilePath: service.dockerfilePath }, shortSha(commit.sha));
  const imageTag = imageTagFor(service.slug, commit.sha);
  log.write(`Building ${imageTag} from ${service.dockerfilePath}`);
  const started = Date.now();
  await buildImage(docker, {
    contextDir,
    dockerfile,
    tag: imageTag,
    buildArgs: buildArgsSchema.parse(service.buildArgs),
    onLine: log.output,
    signal,
    memoryLimitMb: containerLimits(service).memory_mb,
  });
  log.write(`Built ${imageTag} in ${((Date.now() - started) / 1000).toFixed(1)} s`);

  const { DOCKER_REGISTRY_URL: registry, DOCKER_REGISTRY_USERNAME: username, DOCKER_REGISTRY_PASSWORD: password } = env();
  if (registry) log.write(`Pushed ${await pushImage(docker, imageTag, registry, username && password ? { username, password } : undefined, log.write)}`);

  await db.deployment.update({ where: { id: deployment.id }, data: { imageTag } });
  await notify({
    type: "build_completed",
    serviceId: deployment.serviceId,
    deploymentId: deployment.id,
    severity: "info",
    message: `Built ${service.name}@${shortSha(commit.sha)}`,
  });
  return { outcome: "built" as const, imageTag };
}

function formatSeconds(seconds: number): string {
  return seconds % 60 === 0 ? `${seconds / 60} min` : `${seconds} s`;
}

async function failBuild(deployment: LoadedDeployment, message: string, tail: string[]) {
  await finishDeployment(deployment, "build_failed", {
    error: message,
    message: `Build of ${deploymentLabel(deployment)} failed; the running version is untouched.\n${tail.join("\n")}`,
  });
}
