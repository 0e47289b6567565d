// The stand-in runner image (test/fixtures/runner), built once per engine: what pools use in tests instead
// of ghcr.io/actions/actions-runner, which cannot be pulled here.
import { copyFile, cp, mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type Docker from "dockerode";
import { buildImage } from "@/lib/server/runtime/build-image";

export const TEST_RUNNER_IMAGE = "berth-test/actions-runner:latest";

export async function buildRunnerImage(docker: Docker): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), "berth-runner-image-"));
  try {
    await cp(join(process.cwd(), "test", "fixtures", "runner"), dir, { recursive: true });
    await copyFile("/bin/busybox", join(dir, "busybox"));
    await buildImage(docker, { contextDir: dir, dockerfile: "Dockerfile", tag: TEST_RUNNER_IMAGE, buildArgs: {}, onLine: () => undefined });
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
  return TEST_RUNNER_IMAGE;
}

// Where containers on the default bridge reach this machine.
export async function bridgeGateway(docker: Docker): Promise<string> {
  const bridge = await docker.getNetwork("bridge").inspect();
  const gateway = (bridge as { IPAM?: { Config?: { Gateway?: string }[] } }).IPAM?.Config?.[0]?.Gateway;
  if (!gateway) throw new Error("The Docker bridge network has no gateway address");
  return gateway;
}
