// The router's two transports on one address: UDP, which resolvers try first, and TCP, which Caddy uses
// (a worker that dies mid-answer resets its connection, and the resolver asks again at once instead of
// waiting seconds for a lost datagram). In a cluster worker both sockets are shared through the primary.
import dgram from "node:dgram";
import net from "node:net";

const MAX_CONNECTIONS = 512;
const IDLE_MS = 5_000;
// A DNS message over TCP is at most 65,535 bytes after its two-byte length.
const MAX_PENDING_BYTES = 2 + 65_535;

export async function serveAnswers(host: string, port: number, answer: (query: Buffer) => Buffer | undefined, onError: (error: Error) => void) {
  const udp = dgram.createSocket("udp4");
  udp.on("message", (message, peer) => {
    const reply = answer(message);
    if (reply) udp.send(reply, peer.port, peer.address);
  });
  udp.on("error", onError);

  const tcp = net.createServer((connection) => {
    let pending = Buffer.alloc(0);
    connection.setTimeout(IDLE_MS, () => connection.destroy());
    connection.on("error", () => connection.destroy());
    connection.on("data", (chunk) => {
      pending = Buffer.concat([pending, chunk]);
      if (pending.length > MAX_PENDING_BYTES) return connection.destroy();
      while (pending.length >= 2 && pending.length >= 2 + pending.readUInt16BE(0)) {
        const query = pending.subarray(2, 2 + pending.readUInt16BE(0));
        pending = pending.subarray(2 + query.length);
        const reply = answer(query);
        if (!reply) return connection.destroy();
        const length = Buffer.alloc(2);
        length.writeUInt16BE(reply.length);
        connection.write(Buffer.concat([length, reply]));
      }
    });
  });
  tcp.maxConnections = MAX_CONNECTIONS;
  tcp.on("error", onError);

  await Promise.all([
    new Promise<void>((resolve) => udp.bind({ address: host, port, exclusive: false }, resolve)),
    new Promise<void>((resolve) => tcp.listen({ host, port, exclusive: false }, resolve)),
  ]);
  return {
    close() {
      udp.close();
      tcp.close();
    },
  };
}
