// The command line as a person runs it: the bin spawned by Node, from another directory, against
// the lab in memory (and, for "could not check", a loopback address where nothing listens).
import { spawn } from 'node:child_process';
import { tmpdir } from 'node:os';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import type { Report } from '@/lib/report/report';

const BIN = fileURLToPath(new URL('./zonecut.mjs', import.meta.url));

interface Run {
  code: number | null;
  stdout: string;
  stderr: string;
}

function zonecut(...args: string[]): Promise<Run> {
  const env = Object.fromEntries(Object.entries(process.env).filter(([k]) => !k.startsWith('ZONECUT_') && k !== 'NO_COLOR')) as NodeJS.ProcessEnv;
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [BIN, ...args], { cwd: tmpdir(), env, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, stdout, stderr }));
  });
}

describe('zonecut check', () => {
  it('healthy.test: the tree from the root down, no findings, exit 0', async () => {
    const r = await zonecut('check', 'healthy.test');
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    const zones = r.stdout
      .split('\n')
      .filter((l) => /^\S/.test(l))
      .map((l) => l.split(/\s+/)[0]);
    expect(zones.slice(0, 4)).toEqual(['healthy.test.', '.', 'test.', 'healthy.test.']);
    expect(r.stdout).toMatch(/^ {2}ns1\.healthy\.test\. {2}parent child$/m);
    expect(r.stdout).toMatch(/^ {4}198\.51\.100\.20 +glue,child +authoritative, serial \d+$/m);
    expect(r.stdout).toMatch(/^healthy\.test\. ok$/m);
    expect(r.stdout).not.toContain('\u001b['); // not a terminal: no colour
  });

  it('lame.test: the lame server marked, the warning listed, exit 1', async () => {
    const r = await zonecut('check', 'lame.test');
    expect(r.code).toBe(1);
    expect(r.stdout).toMatch(/^ {2}ns2\.lame\.test\. {2}parent child {2}\[ns\.lame\]$/m);
    expect(r.stdout).toMatch(/^ {4}203\.0\.113\.24 +glue,child +lame: REFUSED$/m);
    expect(r.stdout).toMatch(/^ {2}! warning {2}ns\.lame +ns2\.lame\.test\. .*REFUSED$/m);
    // Most severe first: the info finding comes after the warning.
    expect(r.stdout.indexOf('ns.lame  ')).toBeLessThan(r.stdout.indexOf('ds.absent'));
  });

  it('takeover.test: errors, exit 2', async () => {
    const r = await zonecut('check', 'takeover.test');
    expect(r.code).toBe(2);
    expect(r.stdout).toMatch(/^ {2}✗ error {4}ns\.takeover-risk/m);
  });

  it('--json prints the Report', async () => {
    const r = await zonecut('check', 'Lame.TEST.', '--json');
    expect(r.code).toBe(1);
    const report = JSON.parse(r.stdout) as Report;
    expect(report).toMatchObject({ schemaVersion: 1, domain: 'lame.test.', summary: { status: 'warning' } });
    expect(report.findings.map((f) => f.code)).toContain('ns.lame');
  });

  it('bad input: one line on stderr, exit 3', async () => {
    const r = await zonecut('check', 'exa mple.com');
    expect(r.code).toBe(3);
    expect(r.stdout).toBe('');
    expect(r.stderr).toBe('zonecut: "exa mple.com" is not a domain name: A domain name cannot contain spaces.\n');
  });

  it('bad options: one line naming the flag, exit 3', async () => {
    const unknown = await zonecut('check', 'healthy.test', '--jsn');
    expect(unknown.code).toBe(3);
    expect(unknown.stderr).toMatch(/^zonecut: Unknown option '--jsn'.*\n$/);
    const hints = await zonecut('check', 'healthy.test', '--root-hints', 'a.root-servers.net');
    expect(hints.code).toBe(3);
    expect(hints.stderr).toMatch(/^zonecut: invalid configuration: --root-hints: "a\.root-servers\.net" is not an IP address.*\n$/);
  });

  it('nothing answers: could not check, exit 3', async () => {
    // --no-lab sends the lab name to the "network": a loopback root where nothing listens.
    const r = await zonecut(
      'check',
      'healthy.test',
      '--no-lab',
      '--root-hints',
      '127.0.0.1:9',
      '--allow',
      '127.0.0.0/8',
      '--doh',
      'https://127.0.0.1:9/dns-query',
      '--timeout',
      '200',
    );
    expect(r.code).toBe(3);
    expect(r.stderr).toMatch(/^zonecut: could not check healthy\.test\.: no server answered/);
    expect(r.stdout).toMatch(/^healthy\.test\. /m);
  });

  it('--help', async () => {
    const r = await zonecut('--help');
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/^usage: zonecut check <domain>/);
  });
});
