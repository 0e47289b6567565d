// Where a service's build context and Dockerfile really are inside a fresh clone. Both are repository
// paths, but the repository decides what its symlinks point at, so each is resolved one component at a
// time and refused the moment it would leave the clone. realpath() would do the resolving too, but it
// looks at the host's path and its "no such file" would tell the repository whether a host path exists.
import { lstat, readlink, realpath } from "node:fs/promises";
import { isAbsolute, join, relative, sep } from "node:path";
import { BuildFailedError } from "@/lib/server/runtime/build-image";

// As many as Linux follows in one lookup.
const MAX_SYMLINKS = 40;

type Field = "context_dir" | "dockerfile_path";

export type BuildPaths = {
  // Absolute and real (no symlinks), inside the clone.
  contextDir: string;
  // Relative to contextDir.
  dockerfile: string;
};

export async function resolveBuildPaths(cloneDir: string, paths: { contextDir: string; dockerfilePath: string }, commit: string): Promise<BuildPaths> {
  const root = await realpath(cloneDir);
  const contextDir = await resolveInside(root, paths.contextDir, "context_dir", commit);
  const dockerfilePath = await resolveInside(root, paths.dockerfilePath, "dockerfile_path", commit);
  const contextStat = await lstat(contextDir);
  if (!contextStat.isDirectory()) throw new BuildFailedError(`context_dir (${paths.contextDir}) is not a directory in ${commit}`);
  if (!(await lstat(dockerfilePath)).isFile()) {
    throw new BuildFailedError(`No Dockerfile at ${paths.dockerfilePath} in ${commit} (set the service's Dockerfile path)`);
  }
  const dockerfile = relative(contextDir, dockerfilePath);
  if (dockerfile === ".." || dockerfile.startsWith(`..${sep}`) || isAbsolute(dockerfile)) {
    throw new BuildFailedError(`The Dockerfile (${paths.dockerfilePath}) must be inside the build context (${paths.contextDir})`);
  }
  return { contextDir, dockerfile };
}

async function resolveInside(root: string, path: string, field: Field, commit: string): Promise<string> {
  const leaves = () => new BuildFailedError(`${field} (${path}) leads outside the repository (through a symlink or ..); Berth only builds what is inside it`);
  const missing = () =>
    field === "dockerfile_path"
      ? new BuildFailedError(`No Dockerfile at ${path} in ${commit} (set the service's Dockerfile path)`)
      : new BuildFailedError(`context_dir (${path}) does not exist in ${commit}`);

  let current = root;
  const pending = path.split("/");
  let followed = 0;
  while (pending.length > 0) {
    const part = pending.shift() as string;
    if (part === "" || part === ".") continue;
    if (part === "..") {
      current = join(current, "..");
      if (!inside(root, current)) throw leaves();
      continue;
    }
    const next = join(current, part);
    const entry = await lstat(next).catch(() => null);
    if (!entry) throw missing();
    if (entry.isSymbolicLink()) {
      if (++followed > MAX_SYMLINKS) throw leaves();
      const target = await readlink(next);
      // An absolute target names the host's filesystem: the clone's own location is not the repository's to know.
      if (isAbsolute(target)) throw leaves();
      pending.unshift(...target.split("/"));
      continue;
    }
    current = next;
  }
  return current;
}

function inside(root: string, path: string): boolean {
  return path === root || path.startsWith(`${root}${sep}`);
}
