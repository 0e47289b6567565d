// What every benchmark against `next start` needs: a production build and a fresh embedded instance with
// one local user.
import { execFileSync } from "node:child_process";
import { chmod, mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { createLocalUser } from "@/lib/auth/local-users";
import { prepareInstance } from "@/lib/bootstrap/prepare-instance";
import { createSecretBox, parseEncryptionKey } from "@/lib/crypto/encryption";
import { createPrismaClient } from "@/lib/database/client";
import { launcherEnv } from "@/lib/env";

export async function prepareBenchInstance(port: number) {
  console.log("building…");
  execFileSync("npx", ["next", "build"], { stdio: "ignore" });
  const dataDir = await mkdtemp(join(tmpdir(), "berth-bench-"));
  await chmod(dataDir, 0o711);
  const instance = await prepareInstance(
    launcherEnv({ BERTH_DATA_DIR: dataDir, PORT: String(port), NEXTAUTH_URL: `http://127.0.0.1:${port}`, ADMIN_PASSWORD: "bench admin password" }),
  );
  const db = createPrismaClient(instance.database.url);
  const user = await createLocalUser(db, { email: "bench@example.test", password: "bench password 1" });
  return {
    instance,
    db,
    user,
    box: createSecretBox(parseEncryptionKey(instance.serverEnv.ENCRYPTION_KEY ?? "")),
    async cleanup() {
      await db.$disconnect();
      await instance.database.stop();
      await rm(dataDir, { recursive: true, force: true });
    },
  };
}
