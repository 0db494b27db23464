// The lab's `silent` servers: no DNS software can be told to ignore every query, so these
// addresses get sockets that read and never answer, over UDP and TCP (a connection is accepted
// and left hanging). A query times out, as it would for a server behind a firewall that drops.
import dgram from 'node:dgram';
import net from 'node:net';

export interface BlackHole {
  close(): Promise<void>;
}

export async function startBlackHole(addresses: readonly string[], port: number): Promise<BlackHole> {
  const udp: dgram.Socket[] = [];
  const tcp: net.Server[] = [];
  const open = new Set<net.Socket>();
  const hole: BlackHole = {
    async close() {
      for (const s of open) s.destroy();
      await Promise.all([...udp.map((s) => new Promise<void>((r) => s.close(() => r()))), ...tcp.map((s) => new Promise<void>((r) => s.close(() => r())))]);
    },
  };
  try {
    for (const address of addresses) {
      const u = dgram.createSocket('udp4');
      u.on('message', () => {}); // read, never answer
      await new Promise<void>((resolve, reject) => {
        u.once('error', reject);
        u.bind(port, address, () => resolve());
      });
      udp.push(u);
      const t = net.createServer((socket) => {
        open.add(socket);
        socket.on('data', () => {});
        socket.on('error', () => {});
        socket.on('close', () => open.delete(socket));
      });
      await new Promise<void>((resolve, reject) => {
        t.once('error', reject);
        t.listen(port, address, () => resolve());
      });
      tcp.push(t);
    }
  } catch (err) {
    await hole.close();
    throw err;
  }
  return hole;
}
