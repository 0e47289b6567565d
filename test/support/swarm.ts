// Docker Swarm on the test engine: a one-node swarm, initialised when the engine is not in one yet. Advertised
// on loopback: nothing joins it.
import type Docker from "dockerode";
import { swarmActive } from "@/lib/server/runtime/swarm";

export async function ensureSwarm(docker: Docker): Promise<void> {
  if (await swarmActive(docker)) return;
  await docker.swarmInit({ ListenAddr: "127.0.0.1:2377", AdvertiseAddr: "127.0.0.1" });
}
