// A Docker engine reached over TCP with mutual TLS, as a remote engine is (dockerd --tlsverify): certificates
// made with openssl (a CA, the engine's for 127.0.0.1, a client's) and a TLS listener that admits only
// clients with a certificate of that CA, piping each connection to this machine's engine socket.
import { execFile } from "node:child_process";
import { mkdir, readFile } from "node:fs/promises";
import { connect } from "node:net";
import type { AddressInfo } from "node:net";
import { join } from "node:path";
import { createServer } from "node:tls";
import { promisify } from "node:util";

const run = promisify(execFile);
const openssl = (dir: string, ...args: string[]) => run("openssl", args, { cwd: dir });

// dir/ca.pem, dir/server-{cert,key}.pem, and a client's ca.pem, cert.pem, key.pem in dir/client (a DOCKER_CERT_PATH).
export async function makeEngineCertificates(dir: string, name = "client"): Promise<string> {
  const client = join(dir, name);
  await mkdir(client, { recursive: true });
  await openssl(dir, "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "2", "-subj", "/CN=berth-test-ca", "-keyout", "ca-key.pem", "-out", "ca.pem");
  await openssl(dir, "req", "-newkey", "rsa:2048", "-nodes", "-subj", "/CN=127.0.0.1", "-keyout", "server-key.pem", "-out", "server.csr");
  await run("sh", ["-c", "printf 'subjectAltName=IP:127.0.0.1\\nextendedKeyUsage=serverAuth\\n' > server.ext"], { cwd: dir });
  await openssl(dir, "x509", "-req", "-in", "server.csr", "-CA", "ca.pem", "-CAkey", "ca-key.pem", "-CAcreateserial", "-days", "2", "-extfile", "server.ext", "-out", "server-cert.pem");
  await openssl(dir, "req", "-newkey", "rsa:2048", "-nodes", "-subj", "/CN=berth", "-keyout", join(name, "key.pem"), "-out", "client.csr");
  await run("sh", ["-c", "printf 'extendedKeyUsage=clientAuth\\n' > client.ext"], { cwd: dir });
  await openssl(dir, "x509", "-req", "-in", "client.csr", "-CA", "ca.pem", "-CAkey", "ca-key.pem", "-CAcreateserial", "-days", "2", "-extfile", "client.ext", "-out", join(name, "cert.pem"));
  await run("cp", ["--", "ca.pem", join(name, "ca.pem")], { cwd: dir });
  return client;
}

export async function startTlsEngine(certDir: string, socketPath = "/var/run/docker.sock") {
  const server = createServer(
    {
      key: await readFile(join(certDir, "server-key.pem")),
      cert: await readFile(join(certDir, "server-cert.pem")),
      ca: await readFile(join(certDir, "ca.pem")),
      requestCert: true,
      rejectUnauthorized: true,
    },
    (client) => {
      const engine = connect(socketPath);
      client.pipe(engine).pipe(client);
      const close = () => {
        client.destroy();
        engine.destroy();
      };
      client.on("error", close);
      engine.on("error", close);
    },
  );
  server.on("tlsClientError", () => {});
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  return {
    dockerHost: `tcp://127.0.0.1:${(server.address() as AddressInfo).port}`,
    stop: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
