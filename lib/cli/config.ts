// Where the CLI keeps its login: one JSON file in the user's config directory, readable by them only.
// BERTH_URL and BERTH_TOKEN, when set, win (for CI jobs).
import { chmod, mkdir, readFile, writeFile } from "node:fs/promises";
import { homedir } from "node:os";
import { dirname, join } from "node:path";
import { z } from "zod";

const loginSchema = z.object({ url: z.url({ protocol: /^https?$/ }), token: z.string().regex(/^berth_[A-Za-z0-9_-]{43}$/, "is not a Berth API token (berth_…)") });
export type Login = z.infer<typeof loginSchema>;
type Env = Record<string, string | undefined>;

export function configPath(env: Env = process.env): string {
  return join(env.XDG_CONFIG_HOME || join(homedir(), ".config"), "berth", "config.json");
}

export function parseLogin(value: unknown): Login {
  return loginSchema.parse(value);
}

export async function saveLogin(login: Login, env: Env = process.env): Promise<string> {
  const path = configPath(env);
  await mkdir(dirname(path), { recursive: true, mode: 0o700 });
  await writeFile(path, `${JSON.stringify(login, null, 2)}\n`, { mode: 0o600 });
  await chmod(path, 0o600);
  return path;
}

export async function loadLogin(env: Env = process.env): Promise<Login | null> {
  if (env.BERTH_URL && env.BERTH_TOKEN) return parseLogin({ url: env.BERTH_URL, token: env.BERTH_TOKEN });
  const text = await readFile(configPath(env), "utf8").catch(() => null);
  return text === null ? null : parseLogin(JSON.parse(text));
}
