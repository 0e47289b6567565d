// The names Berth gives a service's images: berth/{slug}:{first 12 of the commit sha}. Pure, so pruning,
// removal and the benchmarks can name them without loading the build.
export function imageRepositoryFor(slug: string) {
  return `berth/${slug}`;
}

export function imageTagFor(slug: string, sha: string) {
  return `${imageRepositoryFor(slug)}:${sha.slice(0, 12)}`;
}
