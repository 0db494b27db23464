// The lab on real sockets: every lab server bound on a loopback address, UDP and TCP (RFC 1035
// 4.2, RFC 7766), answering with the same logic as in memory, so dig, kdig, drill, a resolver or
// zonecut itself can query it. Loopback only, by construction.
import 'server-only';
import dgram from 'node:dgram';
import net from 'node:net';
import { createFrameAccumulator, frameMessage } from '@/lib/dns/transport';
import { acceptsTcp, serveQuery } from '@/lib/lab/authoritative';
import type { Lab, LabServerInstance } from '@/lib/lab/build-lab';
import { isLoopback, loopbackAddress } from '@/lib/guard/loopback-address';

export interface LabEndpoint {
  server: LabServerInstance;
  host: string;
  /** The UDP port, and the TCP port unless `tcp` is false. */
  port: number;
  /** False for `udp-only` servers: connections are refused, as the behaviour says. */
  tcp: boolean;
}

export interface LabSockets {
  endpoints: readonly LabEndpoint[];
  close(): Promise<void>;
}

export interface ServeLabSocketsOptions {
  /**
   * Where each server listens. Default: its IPv4 mapped by loopbackAddress (198.51.100.20 →
   * 127.53.100.20) on `port`. Port 0 takes an ephemeral port per server (tests).
   */
  endpoint?: (server: LabServerInstance, index: number) => { host: string; port: number };
  /** Default 53. */
  port?: number;
  /** Serve only these servers (default all). */
  only?: (server: LabServerInstance) => boolean;
  /** Idle TCP connections are closed after this long (default 10 s, RFC 7766 6.2.3). */
  tcpIdleMs?: number;
}

export async function serveLabSockets(lab: Lab, options: ServeLabSocketsOptions = {}): Promise<LabSockets> {
  const port = options.port ?? 53;
  const endpointOf =
    options.endpoint ??
    ((server: LabServerInstance) => {
      const host = server.spec.ipv4 ? loopbackAddress(server.spec.ipv4) : null;
      if (!host) throw new Error(`${server.name} has no IPv4 address to map onto the loopback`);
      return { host, port };
    });
  const idle = options.tcpIdleMs ?? 10_000;

  const closers: (() => Promise<void>)[] = [];
  const close = async () => {
    await Promise.all(closers.splice(0).map((c) => c()));
  };
  const endpoints: LabEndpoint[] = [];
  try {
    const servers = lab.servers.filter(options.only ?? (() => true));
    for (const [index, server] of servers.entries()) {
      const { host, port: wanted } = endpointOf(server, index);
      if (!isLoopback(host)) throw new Error(`refusing to bind ${server.name} on ${host}: the lab stays on loopback`);
      const udp = await bindUdp(server, host, wanted);
      closers.push(() => new Promise<void>((resolve) => udp.close(() => resolve())));
      const bound = udp.address().port;
      if (acceptsTcp(server)) {
        const tcp = await listenTcp(server, host, bound, idle);
        closers.push(tcp.close);
      }
      endpoints.push({ server, host, port: bound, tcp: acceptsTcp(server) });
    }
  } catch (e) {
    await close();
    throw e;
  }
  return { endpoints, close };
}

function bindUdp(server: LabServerInstance, host: string, port: number): Promise<dgram.Socket> {
  return new Promise((resolve, reject) => {
    const socket = dgram.createSocket(net.isIPv6(host) ? 'udp6' : 'udp4');
    socket.once('error', reject);
    socket.on('message', (packet, peer) => {
      const reply = serveQuery(server, packet, 'udp');
      if (reply) socket.send(reply, peer.port, peer.address);
    });
    socket.bind(port, host, () => {
      socket.off('error', reject);
      // A send error (the peer went away) must not take the lab down.
      socket.on('error', () => {});
      resolve(socket);
    });
  });
}

function listenTcp(server: LabServerInstance, host: string, port: number, idleMs: number): Promise<{ close: () => Promise<void> }> {
  return new Promise((resolve, reject) => {
    const connections = new Set<net.Socket>();
    const listener = net.createServer((socket) => {
      connections.add(socket);
      socket.on('close', () => connections.delete(socket));
      socket.on('error', () => socket.destroy());
      socket.setTimeout(idleMs, () => socket.destroy());
      const frames = createFrameAccumulator();
      socket.on('data', (chunk) => {
        let messages: Buffer[];
        try {
          messages = frames.push(chunk);
        } catch {
          socket.destroy();
          return;
        }
        // RFC 7766 6.2.1: several queries may come on one connection; answer each in turn.
        for (const message of messages) {
          const reply = serveQuery(server, message, 'tcp');
          if (reply) socket.write(frameMessage(reply));
        }
      });
    });
    listener.once('error', reject);
    listener.listen(port, host, () => {
      listener.off('error', reject);
      resolve({
        close: () =>
          new Promise<void>((done) => {
            for (const c of connections) c.destroy();
            listener.close(() => done());
          }),
      });
    });
  });
}
