// The server never uses the operating system's resolver (README), not even behind our back: Node's
// diagnostic report, which libSQL's loader takes, reverse-resolves every open socket unless
// lib/exclude-network-from-reports.ts ran first. The built app runs here as the e2e stage runs it
// (scripts/start.mjs, the lab), in a private mount namespace whose /etc/resolv.conf names a
// loopback DNS listener this test owns; a check and a badge through the API must leave that
// listener without a single query. No browser: the server under test is this test's own.
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import dgram from 'node:dgram';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import net from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import dnsPacket from 'dns-packet';
import { expect, test } from '@playwright/test';
import { freePort } from '../scripts/free-port';

const ROOT = join(__dirname, '..');
/** Runs argv with `file` bound over /etc/resolv.conf, in a mount namespace of its own. */
const inNamespace = (file: string, argv: string[]) => [
  '--mount',
  '--propagation',
  'private',
  'sh',
  '-c',
  'mount --bind "$0" /etc/resolv.conf && exec "$@"',
  file,
  ...argv,
];

/** A DNS server on port 53 of a loopback address that records every question and says NXDOMAIN. */
interface Trap {
  address: string;
  questions: string[];
  close(): void;
}

/** The query back as its answer: QR set, RCODE NXDOMAIN, so a resolver gives up at once. */
function nxdomain(query: Buffer): Buffer {
  const answer = Buffer.from(query);
  answer.writeUInt8(answer.readUInt8(2) | 0x80, 2);
  answer.writeUInt8((answer.readUInt8(3) & 0xf0) | 3, 3);
  return answer;
}

function describeQuery(query: Buffer, via: string): string {
  try {
    const q = dnsPacket.decode(query).questions?.[0];
    return `${q?.type} ${q?.name} (${via})`;
  } catch {
    return `${query.length} undecodable bytes (${via})`;
  }
}

async function listenTrap(address: string): Promise<Trap> {
  const questions: string[] = [];
  const udp = dgram.createSocket('udp4');
  udp.on('message', (query, from) => {
    questions.push(describeQuery(query, 'udp'));
    udp.send(nxdomain(query), from.port, from.address);
  });
  const tcp = net.createServer((socket) => {
    let buffered = Buffer.alloc(0);
    socket.on('error', () => undefined);
    socket.on('data', (chunk) => {
      buffered = Buffer.concat([buffered, chunk]);
      while (buffered.length >= 2 && buffered.length >= 2 + buffered.readUInt16BE(0)) {
        const query = buffered.subarray(2, 2 + buffered.readUInt16BE(0));
        buffered = buffered.subarray(2 + query.length);
        questions.push(describeQuery(query, 'tcp'));
        const answer = nxdomain(query);
        socket.write(Buffer.concat([Buffer.from([answer.length >> 8, answer.length & 0xff]), answer]));
      }
    });
  });
  const close = () => {
    udp.close();
    tcp.close();
  };
  try {
    await new Promise<void>((resolve, reject) => {
      udp.once('error', reject);
      udp.bind(53, address, resolve);
    });
    await new Promise<void>((resolve, reject) => {
      tcp.once('error', reject);
      tcp.listen(53, address, resolve);
    });
  } catch (err) {
    close();
    throw err;
  }
  return { address, questions, close };
}

/** Port 53 on an address no other test uses (the lab's loopback servers live in 127.53.0.0/16). */
async function openTrap(): Promise<Trap> {
  for (let tries = 0; ; tries++) {
    const address = `127.77.${1 + Math.floor(Math.random() * 254)}.${1 + Math.floor(Math.random() * 254)}`;
    try {
      return await listenTrap(address);
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'EADDRINUSE' || tries >= 10)
        throw new Error(`cannot listen on ${address} port 53 (needs root): ${(err as Error).message}`);
    }
  }
}

async function waitUntilServing(base: string, server: ChildProcess, log: () => string): Promise<void> {
  const deadline = Date.now() + 120_000;
  while (Date.now() < deadline) {
    if (server.exitCode !== null || server.signalCode !== null)
      throw new Error(`the server exited (${server.exitCode ?? server.signalCode}) before serving:\n${log()}`);
    const up = await fetch(`${base}/`).then(
      (r) => r.ok,
      () => false,
    );
    if (up) return;
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
  throw new Error(`the server did not serve ${base}/ within 120 s:\n${log()}`);
}

test('the running server sends no query to the resolver in /etc/resolv.conf', async () => {
  test.setTimeout(180_000);
  const dir = mkdtempSync(join(tmpdir(), 'zonecut-no-os-resolver-'));
  const resolvConf = join(dir, 'resolv.conf');
  let trap: Trap | undefined;
  let server: ChildProcess | undefined;
  try {
    trap = await openTrap();
    // One attempt, one second: were a query sent, the server would not stall the test for long.
    writeFileSync(resolvConf, `nameserver ${trap.address}\noptions timeout:1 attempts:1\n`);
    const probe = spawnSync('unshare', inNamespace(resolvConf, ['cat', '/etc/resolv.conf']), { encoding: 'utf8' });
    if (probe.status !== 0 || !probe.stdout.includes(trap.address)) {
      throw new Error(
        `cannot give the server its own /etc/resolv.conf (unshare --mount and mount --bind need root and util-linux): ${(probe.error?.message ?? probe.stderr).trim()}`,
      );
    }

    const port = await freePort();
    const base = `http://127.0.0.1:${port}`;
    let output = '';
    server = spawn('unshare', inNamespace(resolvConf, [process.execPath, join(ROOT, 'scripts', 'start.mjs')]), {
      cwd: ROOT,
      detached: true, // its own process group: start.mjs and what it spawns (a build) end together
      stdio: ['ignore', 'pipe', 'pipe'],
      env: { ...process.env, PORT: String(port), ZONECUT_LAB: 'on', DATABASE_URL: join(dir, 'data'), NEXT_TELEMETRY_DISABLED: '1' },
    });
    for (const stream of [server.stdout, server.stderr]) stream?.on('data', (chunk: Buffer) => (output += chunk.toString()));
    await waitUntilServing(base, server, () => output);

    const check = await fetch(`${base}/api/check?domain=healthy.test`);
    expect(check.status).toBe(200);
    expect(await check.json()).toMatchObject({ domain: 'healthy.test.', summary: { status: 'ok' } });
    const badge = await fetch(`${base}/api/badge/healthy.test`);
    expect(badge.status).toBe(200);
    expect(await badge.json()).toMatchObject({ label: expect.any(String), message: 'ok' });

    expect(trap.questions, 'queries the server sent to the resolver in /etc/resolv.conf').toEqual([]);
  } finally {
    if (server?.pid !== undefined && server.exitCode === null && server.signalCode === null) {
      const exited = new Promise((resolve) => server?.once('exit', resolve));
      process.kill(-server.pid, 'SIGTERM');
      await exited;
    }
    trap?.close();
    rmSync(dir, { recursive: true, force: true });
  }
});
