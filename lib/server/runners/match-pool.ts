// Which pool takes a job, and how urgent it is. Pure: the rules are tested without a database.
import type { PriorityRule } from "@/lib/shared/validations/runners";

// The rules every pool starts from (a pool's own rules replace them).
export const DEFAULT_PRIORITY_RULES: PriorityRule[] = [
  { match: "label:production", points: 100 },
  { match: "label:deploy", points: 100 },
  { match: "label:critical", points: 50 },
  { match: "label:urgent", points: 50 },
  { match: "label:ubuntu-latest", points: 10 },
  { match: "label:small", points: 10 },
  { match: "label:large", points: -10 },
  { match: "label:xl", points: -10 },
];

type Pool = { id: string; name: string; labels: string[]; repositories: string[] };

const lower = (values: string[]) => values.map((value) => value.toLowerCase());

// The first pool (by name) that offers every label the job asks for (self-hosted is implied) and serves its
// repository; null names what was missing.
export function matchPool<P extends Pool>(pools: P[], job: { labels: string[]; repository: string }): { pool: P } | { pool: null; reason: string } {
  const wanted = lower(job.labels).filter((label) => label !== "self-hosted");
  const owner = job.repository.split("/")[0]?.toLowerCase() ?? "";
  const serves = (pool: P) => pool.repositories.length === 0 || lower(pool.repositories).some((scope) => scope === job.repository.toLowerCase() || scope === owner);
  const offers = (pool: P) => wanted.every((label) => lower(pool.labels).includes(label));
  const pool = [...pools].sort((a, b) => a.name.localeCompare(b.name)).find((candidate) => serves(candidate) && offers(candidate));
  if (pool) return { pool };
  return { pool: null, reason: `No runner pool for labels ${job.labels.join(", ") || "(none)"} on ${job.repository}` };
}

export function jobPriority(rules: PriorityRule[], job: { labels: string[]; branch: string | null }): number {
  const labels = lower(job.labels);
  return rules.reduce((sum, rule) => {
    const [kind, value] = [rule.match.slice(0, rule.match.indexOf(":")), rule.match.slice(rule.match.indexOf(":") + 1).toLowerCase()];
    const hit = kind === "label" ? labels.includes(value) : job.branch?.toLowerCase() === value;
    return hit ? sum + rule.points : sum;
  }, 0);
}
