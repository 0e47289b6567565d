// What a deploy test behind the proxy needs: a Caddy, a database of its own configured to use it (and whatever else
// the test sets), and the traffic router reading that database. stop() takes them down in reverse order.
import { startCaddy } from "./caddy";
import { useIsolatedDatabase } from "./isolated-database";
import { startRouter } from "./router";

export async function startProxiedDatabase(env: Record<string, string> = {}) {
  const caddy = await startCaddy();
  const dropDatabase = await useIsolatedDatabase({ CADDY_ADMIN_URL: caddy.adminUrl, CADDY_LISTEN: caddy.listen, NEXTAUTH_URL: "http://127.0.0.1:3000", ...env });
  const router = await startRouter(process.env.DATABASE_URL ?? "", caddy);
  process.env.BERTH_ROUTER_ADDRESS = router.routerAddress;
  return {
    caddy,
    router,
    async stop() {
      await router.stop();
      await caddy.stop();
      await dropDatabase();
    },
  };
}
