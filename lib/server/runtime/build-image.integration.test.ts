import { copyFile, mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startRegistry } from "@/test/support/registry";
import { BuildFailedError, buildImage, imageExists, pushImage } from "./build-image";
import { connectDocker } from "./docker";

const docker = connectDocker(undefined);
const tag = `berth/build-test:${Date.now().toString(16)}`;
let context: string;
let registry: Awaited<ReturnType<typeof startRegistry>>;

async function contextWith(dockerfile: string) {
  await writeFile(join(context, "Dockerfile"), dockerfile);
  return context;
}

beforeAll(async () => {
  context = await mkdtemp(join(tmpdir(), "berth-build-test-"));
  await copyFile("/bin/busybox", join(context, "busybox"));
  registry = await startRegistry();
});

afterAll(async () => {
  await registry.stop();
  await rm(context, { recursive: true, force: true });
  for (const image of [tag, `${registry.address}/${tag}`]) await docker.getImage(image).remove({ force: true }).catch(() => {});
});

describe("buildImage", { timeout: 60_000 }, () => {
  it("builds the image, passing on every output line, and pushes it to a registry", async () => {
    const lines: string[] = [];
    await buildImage(docker, {
      contextDir: await contextWith('FROM scratch\nCOPY busybox /bin/busybox\nARG GREETING\nRUN ["/bin/busybox", "sh", "-c", "echo building with $GREETING"]\n'),
      dockerfile: "Dockerfile",
      tag,
      buildArgs: { GREETING: "build args" },
      onLine: (line) => lines.push(line),
    });
    expect(lines.join("\n")).toMatch(/Step 1\/4 : FROM scratch[\s\S]*building with build args[\s\S]*Successfully tagged/);
    expect(await imageExists(docker, tag)).toBe(true);

    const pushed = await pushImage(docker, tag, registry.address, undefined, () => {});
    expect(pushed).toBe(`${registry.address}/${tag}`);
    const tags = (await (await fetch(`${registry.url}/v2/berth/build-test/tags/list`)).json()) as { tags: string[] };
    expect(tags.tags).toContain(tag.split(":")[1]);
  });

  it("fails with the step's error when a build step fails", async () => {
    const lines: string[] = [];
    const build = buildImage(docker, {
      contextDir: await contextWith('FROM scratch\nCOPY busybox /bin/busybox\nRUN ["/bin/busybox", "sh", "-c", "echo no >&2; exit 7"]\n'),
      dockerfile: "Dockerfile",
      tag: `${tag}-broken`,
      buildArgs: {},
      onLine: (line) => lines.push(line),
    });
    await expect(build).rejects.toThrow(BuildFailedError);
    await expect(build).rejects.toThrow(/returned a non-zero code: 7/);
    // The engine colours a step's stderr; the log keeps the codes for the UI to render.
    expect(lines).toContain("\u001b[91mno");
  });

  it("refuses a Dockerfile the engine cannot parse as a build failure", async () => {
    const build = buildImage(docker, { contextDir: await contextWith("FROM scratch\nNOT_AN_INSTRUCTION x\n"), dockerfile: "Dockerfile", tag: `${tag}-bad`, buildArgs: {}, onLine: () => {} });
    await expect(build).rejects.toThrow(BuildFailedError);
    await expect(build).rejects.toThrow(/unknown instruction/i);
  });

  it("stops when the build is cancelled", async () => {
    const abort = new AbortController();
    const build = buildImage(docker, {
      contextDir: await contextWith('FROM scratch\nCOPY busybox /bin/busybox\nRUN ["/bin/busybox", "sleep", "30"]\n'),
      dockerfile: "Dockerfile",
      tag: `${tag}-slow`,
      buildArgs: {},
      onLine: (line) => line.includes("sleep") && abort.abort(),
      signal: abort.signal,
    });
    await expect(build).rejects.toThrow("Build cancelled");
  });
});
