import { describe, expect, it } from "vitest";
import { checkServerEnv, EnvError, launcherEnv } from "./env";

describe("launcherEnv", () => {
  it("defaults to the embedded setup on port 3000", () => {
    const config = launcherEnv({});
    expect(config).toMatchObject({ PORT: 3000, BERTH_DATA_DIR: ".data", ADMIN_EMAIL: "admin@localhost" });
    expect(config.DATABASE_URL).toBeUndefined();
  });

  it("treats empty values as unset", () => {
    const config = launcherEnv({ DATABASE_URL: "", ADMIN_PASSWORD: "" });
    expect(config.DATABASE_URL).toBeUndefined();
    expect(config.ADMIN_PASSWORD).toBeUndefined();
  });

  it.each([
    [{ PORT: "eighty" }, "PORT"],
    [{ ADMIN_PASSWORD: "short" }, "ADMIN_PASSWORD: ADMIN_PASSWORD must be at least 12 characters"],
    [{ ADMIN_EMAIL: "not-an-email" }, "ADMIN_EMAIL"],
    [{ NEXTAUTH_URL: "ftp://x" }, "NEXTAUTH_URL"],
    [{ BERTH_TRUSTED_PROXIES: "127.0.0.1,everyone" }, "BERTH_TRUSTED_PROXIES"],
  ])("names the bad variable in %j", (source, name) => {
    expect(() => launcherEnv(source)).toThrow(EnvError);
    expect(() => launcherEnv(source)).toThrow(name);
  });
});

describe("checkServerEnv", () => {
  const base = { DATABASE_URL: "postgres://localhost/berth", ENCRYPTION_KEY: "k", NEXTAUTH_SECRET: "s".repeat(32) };

  it("looks for missed pushes every 5 minutes unless told otherwise", () => {
    expect(checkServerEnv(base).BERTH_RECONCILE_MINUTES).toBe(5);
    expect(checkServerEnv({ ...base, BERTH_RECONCILE_MINUTES: "30" }).BERTH_RECONCILE_MINUTES).toBe(30);
  });

  it("accepts the embedded defaults and the sign-in lists in their forms", () => {
    expect(() => checkServerEnv({ ...base, BERTH_ALLOWED_USERS: "github:octocat,alice@example.com", BERTH_ALLOWED_ORGS: "gitlab:acme/platform", BERTH_ADMINS: "gitea:boss" })).not.toThrow();
  });

  it.each([
    [{ BERTH_ALLOWED_USERS: "octocat" }, "BERTH_ALLOWED_USERS: 'octocat' is neither provider:login"],
    [{ BERTH_ALLOWED_ORGS: "svn:acme" }, "BERTH_ALLOWED_ORGS: 'svn:acme' is not provider:organization"],
    [{ BERTH_ADMINS: "github:a b" }, "BERTH_ADMINS"],
    [{ BERTH_ALLOW_LOCAL_GIT: "perhaps" }, "BERTH_ALLOW_LOCAL_GIT"],
    [{ BERTH_ALLOW_LOCAL_CHANNELS: "sometimes" }, "BERTH_ALLOW_LOCAL_CHANNELS"],
    [{ BERTH_ENGINE_ADDRESS: "engine.example.com" }, "BERTH_ENGINE_ADDRESS: BERTH_ENGINE_ADDRESS must be the engine host's IPv4 address"],
    [{ BERTH_ENGINE_ADDRESS: "10.0.0.1; rm -rf /" }, "BERTH_ENGINE_ADDRESS"],
    [{ DOCKER_TLS_VERIFY: "maybe" }, "DOCKER_TLS_VERIFY"],
    [{ BERTH_SMTP_URL: "http://mail.example.com" }, "BERTH_SMTP_URL"],
    [{ BERTH_SMTP_FROM: "berth at example" }, "BERTH_SMTP_FROM"],
    [{ BERTH_CONTAINER_PIDS_LIMIT: "2" }, "BERTH_CONTAINER_PIDS_LIMIT"],
    [{ BERTH_CI_WAIT_MINUTES: "0" }, "BERTH_CI_WAIT_MINUTES"],
    [{ BERTH_CI_WAIT_MINUTES: "forever" }, "BERTH_CI_WAIT_MINUTES"],
    [{ NEXTAUTH_URL: "https://berth.example.com", BERTH_DOMAIN: "example.com", CADDY_ADMIN_URL: "http://127.0.0.1:2019" }, "BERTH_DOMAIN: BERTH_DOMAIN (example.com) is Berth's own host or a parent of it"],
    // The router tells anyone who asks where each service's container is: never beyond this machine.
    [{ BERTH_ROUTER_ADDRESS: "0.0.0.0:5380" }, "BERTH_ROUTER_ADDRESS must be a loopback IPv4 address"],
    [{ BERTH_ROUTER_ADDRESS: "10.0.0.5:53" }, "BERTH_ROUTER_ADDRESS"],
    [{ BERTH_ROUTER_ADDRESS: "127.0.0.1" }, "BERTH_ROUTER_ADDRESS"],
    [{ BERTH_ROUTER_ADDRESS: "127.0.0.1:65535" }, "BERTH_ROUTER_ADDRESS's port must be 1–65534"],
    // An ssh engine whose host key is not pinned would be trusted on first use: refused.
    [{ DOCKER_HOST: "ssh://deploy@engine.example.com", DOCKER_SSH_KEY: "/etc/berth/id_ed25519" }, "an ssh:// DOCKER_HOST needs DOCKER_SSH_KEY (a private key file) and DOCKER_SSH_HOST_KEY"],
    [{ DOCKER_HOST: "ssh://deploy@engine.example.com", DOCKER_SSH_KEY: "/k", DOCKER_SSH_HOST_KEY: "not a key" }, "DOCKER_SSH_HOST_KEY must be a public key line"],
    [{ PORTAINER_URL: "https://portainer.example.com:9443" }, "PORTAINER_URL needs PORTAINER_API_KEY, or PORTAINER_USERNAME and PORTAINER_PASSWORD"],
    [{ PORTAINER_URL: "ftp://portainer.example.com" }, "PORTAINER_URL"],
    [{ PORTAINER_WEBHOOK_SECRET: "short" }, "PORTAINER_WEBHOOK_SECRET must be at least 32 characters"],
    [{ BERTH_SWARM_PROBE: "busybox" }, "BERTH_SWARM_PROBE must be an absolute path"],
    // Each pass asks every connected remote: never more often than once a minute, never less than once a day.
    [{ BERTH_RECONCILE_MINUTES: "0" }, "BERTH_RECONCILE_MINUTES"],
    [{ BERTH_RECONCILE_MINUTES: "1441" }, "BERTH_RECONCILE_MINUTES"],
    [{ BERTH_RECONCILE_MINUTES: "5; reboot" }, "BERTH_RECONCILE_MINUTES"],
  ])("stops start-up naming the variable for %j", (source, message) => {
    expect(() => checkServerEnv({ ...base, ...source })).toThrow(EnvError);
    expect(() => checkServerEnv({ ...base, ...source })).toThrow(message);
  });
});
