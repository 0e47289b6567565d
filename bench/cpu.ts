// CPU time of processes from /proc (Linux), to say where a benchmark's time goes: the server, PostgreSQL, the load
// generator. Counted in clock ticks of 10 ms (USER_HZ 100).
import { readdir, readFile } from "node:fs/promises";

const TICK_MS = 10;

// utime, stime, cutime, cstime: fields 14–17 of /proc/<pid>/stat, after the command name in parentheses.
async function times(pid: number): Promise<{ own: number; children: number; parent: number }> {
  const stat = await readFile(`/proc/${pid}/stat`, "utf8").catch(() => "");
  const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ").map(Number);
  const [parent = 0, utime = 0, stime = 0, cutime = 0, cstime = 0] = [fields[1], fields[11], fields[12], fields[13], fields[14]];
  return { own: (utime + stime) * TICK_MS, children: (cutime + cstime) * TICK_MS, parent };
}

// A process and all its children, the ones that exited (waited for) included.
export async function treeCpuMs(root: number): Promise<number> {
  const pids = (await readdir("/proc")).filter((entry) => /^\d+$/.test(entry)).map(Number);
  const all = await Promise.all(pids.map(async (pid) => ({ pid, ...(await times(pid)) })));
  const top = all.find((entry) => entry.pid === root);
  const children = all.filter((entry) => entry.parent === root);
  return (top ? top.own + top.children : 0) + children.reduce((sum, child) => sum + child.own, 0);
}

export function ownCpuMs(): number {
  const usage = process.cpuUsage();
  return (usage.user + usage.system) / 1000;
}
