import dgram from 'node:dgram';
import net from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DecodedMessage } from '@/lib/dns/wire/types';
import { createFrameAccumulator, frameMessage } from '@/lib/dns/transport';
import { decodeMessage, encodeQuery } from '@/lib/dns/wire';
import { buildLab, type Lab } from '@/lib/lab/build-lab';
import { serveLabSockets, type LabEndpoint, type LabSockets } from '@/lib/lab/serve-sockets';

const SERVED = ['a.root-servers.test.', 'ns1.healthy.test.', 'ns2.tcp-broken.test.', 'ns2.silent.test.'];
let lab: Lab;
let sockets: LabSockets;
const at = (name: string): LabEndpoint => sockets.endpoints.find((e) => e.server.name === name)!;

beforeAll(async () => {
  lab = buildLab();
  // Port 0: an ephemeral port per server, so the test needs no privilege and collides with nothing.
  sockets = await serveLabSockets(lab, { port: 0, only: (s) => SERVED.includes(s.name) });
});
afterAll(async () => {
  await sockets?.close();
});

function udpQuery(e: LabEndpoint, name: string, type: string, timeoutMs = 2000): Promise<DecodedMessage | 'timeout'> {
  return new Promise((resolve, reject) => {
    const socket = dgram.createSocket('udp4');
    const timer = setTimeout(() => {
      socket.close();
      resolve('timeout');
    }, timeoutMs);
    socket.on('message', (msg) => {
      clearTimeout(timer);
      socket.close();
      const d = decodeMessage(msg);
      if (d.ok) resolve(d.message);
      else reject(new Error(d.error.message));
    });
    socket.send(encodeQuery({ name, type }, { id: 99 }), e.port, e.host);
  });
}

function tcpQuery(e: LabEndpoint, name: string, type: string): Promise<DecodedMessage> {
  return new Promise((resolve, reject) => {
    const socket = net.connect(e.port, e.host);
    const frames = createFrameAccumulator();
    socket.on('error', reject);
    socket.on('connect', () => socket.write(frameMessage(encodeQuery({ name, type }, { id: 100, edns: false }))));
    socket.on('data', (chunk) => {
      const [frame] = frames.push(chunk);
      if (!frame) return;
      socket.end();
      const d = decodeMessage(frame);
      if (d.ok) resolve(d.message);
      else reject(new Error(d.error.message));
    });
  });
}

describe('serveLabSockets', () => {
  it('binds each server on its mapped loopback address', () => {
    expect(sockets.endpoints.map((e) => [e.server.name, e.host, e.tcp])).toEqual([
      ['a.root-servers.test.', '127.53.2.1', true],
      ['ns1.healthy.test.', '127.53.100.20', true],
      ['ns2.silent.test.', '127.53.113.27', true],
      ['ns2.tcp-broken.test.', '127.53.113.41', false],
    ]);
    for (const e of sockets.endpoints) expect(e.port).toBeGreaterThan(0);
  });

  it('answers over UDP', async () => {
    const m = await udpQuery(at('a.root-servers.test.'), 'healthy.test', 'NS');
    expect(m).toMatchObject({ id: 99, flags: { aa: false } });
    expect((m as DecodedMessage).authority.map((rr) => rr.data)).toEqual(['ns1.nic.test.', 'ns2.nic.test.']);
  });

  it('answers over TCP with 2-octet framing', async () => {
    const m = await tcpQuery(at('ns1.healthy.test.'), 'www.healthy.test', 'A');
    expect(m).toMatchObject({ id: 100, flags: { aa: true, tc: false } });
    expect(m.answer.map((rr) => rr.data)).toEqual(['203.0.113.80']);
  });

  it('udp-only: UDP answers, TCP connections are refused', async () => {
    expect(await udpQuery(at('ns2.tcp-broken.test.'), 'tcp-broken.test', 'SOA')).toMatchObject({ flags: { aa: true } });
    await expect(tcpQuery(at('ns2.tcp-broken.test.'), 'tcp-broken.test', 'SOA')).rejects.toMatchObject({ code: 'ECONNREFUSED' });
  });

  it('silent: no reply', async () => {
    expect(await udpQuery(at('ns2.silent.test.'), 'silent.test', 'SOA', 300)).toBe('timeout');
  });

  it('never binds outside the loopback', async () => {
    await expect(serveLabSockets(lab, { only: (s) => s.name === 'ns1.healthy.test.', endpoint: () => ({ host: '0.0.0.0', port: 0 }) })).rejects.toThrow(
      /loopback/,
    );
  });

  it('closes every socket', async () => {
    const extra = await serveLabSockets(lab, { port: 0, only: (s) => s.name === 'ns1.lame.test.' });
    const e = extra.endpoints[0]!;
    expect(await tcpQuery(e, 'lame.test', 'SOA')).toMatchObject({ flags: { aa: true } });
    await extra.close();
    await expect(tcpQuery(e, 'lame.test', 'SOA')).rejects.toMatchObject({ code: 'ECONNREFUSED' });
  });
});
