// `berth`: Berth from a terminal or a CI job. Commands that talk to Berth use the login saved by `berth login`
// (or BERTH_URL and BERTH_TOKEN); the operator's commands (generate-secret, show-config, test-connection) run on
// Berth's host with its environment. --json prints what a script parses; exit codes are in EXIT (README).
import { readFileSync } from "node:fs";
import { Command, Option } from "commander";
import ora from "ora";
import { apiClient, CliError, EXIT, type ApiClient } from "./api-client";
import * as api from "./commands";
import { loadLogin, parseLogin, saveLogin } from "./config";
import { effectiveConfig, generateSecret, testConnections } from "./operator";
import { launcherEnv } from "@/lib/server/env";

const { version } = JSON.parse(readFileSync(new URL("../../package.json", import.meta.url), "utf8")) as { version: string };
const program = new Command("berth").description("Push-to-deploy on your own servers, from the terminal").version(version).option("--json", "print JSON for scripts");
const json = () => program.opts<{ json?: boolean }>().json === true;
const print = (value: unknown, text: () => string) => console.log(json() ? JSON.stringify(value, null, 2) : text());
// Runs work under a spinner on stderr for people (nothing for scripts or pipes), stopped however the work ends.
async function spinning<T>(text: string, work: () => Promise<T>): Promise<T> {
  const waiting = json() || !process.stderr.isTTY ? null : ora({ text, stream: process.stderr }).start();
  try {
    return await work();
  } finally {
    waiting?.stop();
  }
}

async function client(): Promise<ApiClient> {
  const login = await loadLogin().catch((error: unknown) => {
    throw new CliError(`The saved login is unreadable: ${error instanceof Error ? error.message : String(error)}. Run berth login again`, EXIT.auth);
  });
  if (!login) throw new CliError("Not logged in: run berth login --url <Berth's URL> --token <an API token from Settings → API tokens>", EXIT.auth);
  return apiClient(login);
}

const table = (rows: string[][]) => {
  const widths = rows[0]?.map((_, column) => Math.max(...rows.map((row) => (row[column] ?? "").length))) ?? [];
  return rows.map((row) => row.map((cell, column) => cell.padEnd(widths[column] ?? 0)).join("  ").trimEnd()).join("\n");
};
const short = (sha: string | null | undefined) => (sha ? sha.slice(0, 7) : "-");

program
  .command("login")
  .description("save Berth's URL and an API token in your config directory")
  .requiredOption("--url <url>", "Berth's address, e.g. https://berth.example.com")
  .option("--token <token>", "an API token (berth_…); BERTH_TOKEN also works")
  .action(async (options: { url: string; token?: string }) => {
    const login = parseLogin({ url: options.url, token: options.token ?? process.env.BERTH_TOKEN ?? "" });
    const services = await api.listServices(apiClient(login));
    const path = await saveLogin(login);
    print({ url: login.url, saved_to: path, services: services.length }, () => `Logged in to ${login.url} (${services.length} services). Saved to ${path}`);
  });

const services = program.command("services").description("your services");
services
  .command("list")
  .description("each service with its status and what is live")
  .action(async () => {
    const list = await api.listServices(await client());
    print(list, () =>
      list.length === 0
        ? "No services yet."
        : table([["NAME", "STATUS", "LIVE", "URL"], ...list.map((service) => [service.name, service.status, short(service.live_deployment?.commit_sha), service.live_deployment?.url ?? "-"])]),
    );
  });
services
  .command("show <service>")
  .description("one service's settings (by name or id)")
  .action(async (service: string) => {
    const detail = await api.showService(await client(), service);
    print(detail, () =>
      table([
        ["name", detail.name],
        ["id", detail.id],
        ["status", detail.status],
        ["repository", detail.repository_full_name ?? detail.clone_url],
        ["branch", detail.branch],
        ["port / health", `${detail.runtime.container_port} ${detail.runtime.health_check_path}`],
        ["env vars", detail.runtime.env_var_names.join(", ") || "-"],
        ["previews", detail.previews.enabled ? `on, at most ${detail.previews.max_concurrent}` : "off"],
      ]),
    );
  });

// Follows a deployment's log to its end; the exit code says how it ended.
async function follow(client: ApiClient, deploymentId: string): Promise<void> {
  const status = await api.streamLogs(client, deploymentId, true, (line) => {
    if (json()) console.log(JSON.stringify({ deployment_id: deploymentId, ...line }));
    else (line.stream === "stderr" ? process.stderr : process.stdout).write(`${line.line}\n`);
  });
  const deployment = await api.getDeployment(client, deploymentId);
  const ended = status ?? deployment.status;
  if (json()) console.log(JSON.stringify({ deployment_id: deploymentId, status: ended, url: deployment.url, error: deployment.error }));
  else console.log(ended === "live" ? `\nLive at ${deployment.url ?? "?"}` : `\nDeployment ${ended}${deployment.error ? `: ${deployment.error}` : ""}`);
  if (ended !== "live") process.exitCode = EXIT.failed;
}

program
  .command("deploy <service>")
  .description("deploy the branch head, or a commit")
  .option("--commit <sha>", "the commit to deploy (40 or 64 hex)")
  .option("--follow", "stream the log and exit non-zero unless the deployment goes live")
  .action(async (service: string, options: { commit?: string; follow?: boolean }) => {
    const api_ = await client();
    const deployment = await spinning(`Queuing ${service}`, () => api.deploy(api_, service, options.commit));
    if (!options.follow) return print(deployment, () => `Queued deployment ${deployment.id} of ${short(deployment.commit_sha)}`);
    if (!json()) console.log(`Deployment ${deployment.id} queued; following its log…`);
    await follow(api_, deployment.id);
  });

program
  .command("rollback <service>")
  .description("deploy an earlier deployment's image again (the newest one still there, unless --to)")
  .option("--to <deployment>", "the deployment to go back to")
  .option("--follow", "stream the log and exit non-zero unless it goes live")
  .action(async (service: string, options: { to?: string; follow?: boolean }) => {
    const api_ = await client();
    const deployment = await api.rollback(api_, service, options.to);
    if (!options.follow) return print(deployment, () => `Rolling back: deployment ${deployment.id} of ${short(deployment.commit_sha)} queued`);
    await follow(api_, deployment.id);
  });

program
  .command("logs <deployment>")
  .description("a deployment's build and deploy log")
  .option("--follow", "keep streaming until the deployment ends")
  .action(async (deployment: string, options: { follow?: boolean }) => {
    const api_ = await client();
    if (options.follow) return follow(api_, deployment);
    await api.streamLogs(api_, deployment, false, (line) => console.log(json() ? JSON.stringify(line) : line.line));
  });

const deliveries = program.command("deliveries").description("webhook deliveries of your services");
deliveries
  .command("list")
  .description("the newest deliveries")
  .option("--failed", "only refused or failed ones")
  .addOption(new Option("--limit <n>", "how many").default("20").argParser((value) => Number(value)))
  .action(async (options: { failed?: boolean; limit: number }) => {
    const list = await api.listDeliveries(await client(), { failed: options.failed === true, limit: options.limit });
    print(list, () =>
      list.length === 0
        ? "No deliveries."
        : table([["ID", "RECEIVED", "PROVIDER", "EVENT", "STATUS", "REASON"], ...list.map((delivery) => [delivery.id, delivery.received_at, delivery.provider, delivery.event, delivery.status, delivery.reason ?? ""])]),
    );
  });
deliveries
  .command("replay <id>")
  .description("process a stored delivery again")
  .action(async (id: string) => {
    const outcome = await api.replayDelivery(await client(), id);
    print(outcome, () => `Replayed: ${outcome.status}${outcome.message ? ` — ${outcome.message}` : ""}`);
  });

const webhook = program.command("webhook").description("a service's webhook");
webhook
  .command("url <service>")
  .description("the receiver URL and secret to set at the provider")
  .addOption(new Option("--provider <provider>", "the provider's setup").choices(["github", "gitlab", "bitbucket", "gitea"]).default("github"))
  .action(async (service: string, options: { provider: string }) => {
    const setup = await api.webhookUrl(await client(), service, options.provider);
    print(setup, () => `URL     ${setup.url}\nSecret  ${setup.secret}`);
  });
webhook
  .command("rotate <service>")
  .description("a new webhook secret (the provider's hook is updated; the old one works 10 more minutes)")
  .action(async (service: string) => {
    const rotated = await api.rotateSecret(await client(), service);
    print(rotated, () => "Rotated. berth webhook url shows the new secret.");
  });

program
  .command("generate-secret")
  .description("a random secret of 43 characters (32 random bytes), for NEXTAUTH_SECRET, webhook secrets and the like")
  .action(() => {
    const secret = generateSecret();
    print({ secret }, () => secret);
  });

program
  .command("show-config")
  .description("the configuration Berth reads from this environment, secrets masked")
  .action(() => {
    const config = effectiveConfig();
    print(config, () => table(Object.entries(config)));
  });

program
  .command("test-connection")
  .description("whether the database, the Docker engine (and its Swarm), Caddy, Portainer and each configured provider answer")
  .action(async () => {
    const checks = await spinning("Checking", testConnections);
    print(checks, () => checks.map((check) => `${check.ok === null ? "–" : check.ok ? "✓" : "✗"} ${check.name}: ${check.detail}`).join("\n"));
    if (checks.some((check) => check.ok === false)) process.exitCode = EXIT.failed;
  });

program
  .command("backup <file>")
  .description("on Berth's host: every row of its database (one consistent snapshot, also while it runs) and its keys, into a gzipped file of mode 0600")
  .action(async (file: string) => {
    const { writeBackup } = await import("@/lib/server/instance/backup");
    await withEmbeddedDatabase(async () => {
      const done = await spinning("Backing up", () => writeBackup(launcherEnv(process.env), file));
      print({ file, ...done }, () => `Wrote ${file}: ${done.rows} rows of ${done.tables} tables, ${done.bytes} bytes. It holds Berth's keys: keep it as safe as they are.`);
    });
  });

program
  .command("restore <file>")
  .description("on a new host, before Berth's first start: the backup's keys into BERTH_DATA_DIR and its rows into the (empty) database")
  .action(async (file: string) => {
    const { restoreBackup } = await import("@/lib/server/instance/backup");
    await withEmbeddedDatabase(async () => {
      const done = await spinning("Restoring", () => restoreBackup(launcherEnv(process.env), file));
      print({ file, ...done }, () => `Restored ${done.rows} rows of ${done.tables} tables from ${file}. Start Berth (npm start): the same people sign in with the same passwords.`);
    });
  });

// The embedded database's package ends the process with code 0 on beforeExit, whatever the command set: these
// commands (which load it) say their outcome with an explicit exit, once their output is written.
async function withEmbeddedDatabase(run: () => Promise<void>): Promise<never> {
  let code: number = EXIT.ok;
  try {
    await run();
  } catch (error) {
    code = EXIT.failed;
    const message = error instanceof Error ? error.message : String(error);
    if (json()) console.log(JSON.stringify({ error: message }));
    else console.error(`berth: ${message}`);
  }
  await new Promise<void>((resolve) => process.stdout.write("", () => process.stderr.write("", () => resolve())));
  process.exit(code);
}

program.exitOverride();
try {
  await program.parseAsync(process.argv);
} catch (error) {
  const exitCode = error instanceof CliError ? error.exitCode : (error as { exitCode?: number }).exitCode === 0 ? EXIT.ok : (error as { code?: string }).code?.startsWith("commander.") ? EXIT.usage : EXIT.failed;
  if (exitCode !== EXIT.ok && !(error as { code?: string }).code?.startsWith("commander.")) {
    const message = error instanceof Error ? error.message : String(error);
    if (json()) console.log(JSON.stringify({ error: message }));
    else console.error(`berth: ${message}`);
  }
  process.exitCode = exitCode;
}
