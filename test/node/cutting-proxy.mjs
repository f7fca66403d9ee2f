// A TCP proxy that cuts connections: once the bytes it has passed from clients reach the next mark in `cutAt`, it
// destroys that connection on both sides, as a dropped phone connection would. Several `targets` take connections
// in turn (a round-robin load balancer).
import { once } from 'node:events';
import net from 'node:net';

export async function startCuttingProxy({ targets, cutAt = [] }) {
  const marks = [...cutAt].sort((a, b) => a - b);
  let forwarded = 0;
  let cuts = 0;
  let next = 0;
  const sockets = new Set();
  const connections = targets.map(() => 0);
  const server = net.createServer((client) => {
    const index = next++ % targets.length;
    connections[index]++;
    const target = targets[index];
    const upstream = net.connect(target.port, target.host ?? '127.0.0.1');
    sockets.add(client).add(upstream);
    let dropped = false;
    const cut = () => {
      dropped = true;
      client.destroy();
      upstream.destroy();
    };
    client.on('data', (chunk) => {
      // Nothing after the cut reaches the relay: TCP never skips bytes, it loses the rest.
      if (dropped) return;
      const mark = marks[0];
      if (mark !== undefined && forwarded + chunk.byteLength >= mark) {
        // Pass on the bytes before the mark, then drop the line.
        const before = chunk.subarray(0, mark - forwarded);
        forwarded = mark;
        marks.shift();
        cuts++;
        dropped = true;
        upstream.write(before, cut);
        return;
      }
      forwarded += chunk.byteLength;
      if (!upstream.write(chunk)) client.pause();
    });
    upstream.on('drain', () => client.resume());
    upstream.pipe(client);
    for (const socket of [client, upstream]) {
      socket.on('error', cut);
      socket.on('close', () => {
        sockets.delete(socket);
        cut();
      });
    }
    client.on('end', () => upstream.end());
  });
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  return {
    origin: `http://127.0.0.1:${server.address().port}`,
    get cuts() {
      return cuts;
    },
    /** Bytes passed from clients to targets, headers included. */
    get forwarded() {
      return forwarded;
    },
    /** How many connections each target was given. */
    connections,
    async close() {
      for (const socket of sockets) socket.destroy();
      await new Promise((resolve) => server.close(resolve));
    },
  };
}
