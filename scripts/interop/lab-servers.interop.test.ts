// The lab as the real servers play it: every lab server answers where the layout says, for the
// zones the manifest gives it, the way the manifest says (or as noted where software cannot),
// and lab-env.ts hands out an environment lib/config.ts accepts.
import { readFileSync } from 'node:fs';
import { beforeAll, expect, it } from 'vitest';
import { loadConfig } from '@/lib/config';
import { createUdpTransport, type Transport } from '@/lib/dns/transport';
import { LAB_SERVERS, type ZoneBehaviour } from '@/lib/lab/manifest';
import { describeInterop, interopLayout, labInstance, loopbackPolicy } from './interop-test-support';
import { labEnv } from './lab-env';

let udp: Transport;
beforeAll(() => {
  udp = createUdpTransport({ policy: loopbackPolicy(), timeoutMs: 800 });
});

describeInterop('the lab on real servers', () => {
  it.each(LAB_SERVERS.map((s) => [s.name, s] as const))('%s answers as the manifest says', async (name, spec) => {
    const layout = interopLayout();
    const silent = spec.behaviour === 'silent';
    const address = layout.addressMap[spec.ipv4!];
    expect(address, 'a loopback address').toMatch(/^127\.54\./);
    const server = { address: address!, port: 53 };
    // Its own zones, and one it has nothing to do with (not for the root and test. servers, which
    // would refer the query downward rather than refuse it).
    const checks: [string, ZoneBehaviour][] = Object.entries(spec.serves);
    if (!('.' in spec.serves) && !('test.' in spec.serves)) checks.push([spec.serves['healthy.test.'] ? 'single-ns.test.' : 'healthy.test.', 'refused']);
    for (const [zone, how] of checks) {
      const o = await udp.query(server, { name: zone, type: 'SOA' }, { timeoutMs: silent ? 300 : 800 });
      const label = `${name} asked for ${zone} SOA`;
      if (silent) {
        expect(o.error?.kind, label).toBe('timeout');
        // Two UDP timeouts and no TCP: a server silent twice is not asked a third time (issue 12).
        expect(
          o.attempts.map((a) => `${a.transport}:${a.outcome}`),
          label,
        ).toEqual(['udp:timeout', 'udp:timeout']);
        break; // one is enough: it never answers anything
      }
      expect(o.error, label).toBeUndefined();
      const r = o.response!;
      if (how === 'refused') {
        expect(r.rcode, label).toBe('REFUSED');
      } else if (how === 'servfail') {
        expect(r.rcode, label).toBe('SERVFAIL');
      } else {
        expect(r.rcode, label).toBe('NOERROR');
        // no-aa is not reproducible: a real server sets AA for its zones (noted in the layout).
        expect(r.flags.aa, label).toBe(true);
        expect(
          r.answer.map((x) => x.type),
          label,
        ).toEqual(['SOA']);
      }
    }
  });

  it('serves the stale copies: an older SOA serial on serial-drift.test ns2, ns3 still delegated by ns2.nic.test', async () => {
    const layout = interopLayout();
    const serial = async (ns: string) => {
      const { server } = labInstance(layout, ns);
      const o = await udp.query(server, { name: 'serial-drift.test.', type: 'SOA' });
      return (o.response!.answer[0]!.data as { serial: number }).serial;
    };
    expect(await serial('ns2.serial-drift.test.')).toBeLessThan(await serial('ns1.serial-drift.test.'));
    const nsCount = async (ns: string) => {
      const o = await udp.query(labInstance(layout, ns).server, { name: 'parent-split.test.', type: 'NS' });
      return o.response!.authority.filter((r) => r.type === 'NS').length;
    };
    expect(await nsCount('ns1.nic.test.')).toBe(2);
    expect(await nsCount('ns2.nic.test.')).toBe(3);
  });

  it('records what it could not reproduce', () => {
    const notes = interopLayout().notes.join('\n');
    for (const s of LAB_SERVERS.filter((x) => x.behaviour === 'udp-only' || x.behaviour === 'formerr-on-edns')) {
      expect(notes).toContain(s.name);
    }
  });

  it('gives an environment lib/config.ts accepts, pointing at the lab root, Unbound and the lab trust anchor', () => {
    const { env, layout } = labEnv();
    const config = loadConfig(env, { readFile: (p) => readFileSync(p, 'utf8') });
    expect(config.rootHints.map((h) => h.address)).toEqual(layout.rootHints);
    expect(config.rootHintsAreIana).toBe(false);
    expect(config.dohUrl).toBe(layout.resolver.dohUrl);
    expect(config.trustAnchorText).toMatch(/^\.\s+\d+\s+IN\s+DS\s+\d+ 13 2 /m);
    expect(config.allowTargets).toHaveLength(1);
    expect(config.lab).toBe(false);
    expect(readFileSync(env.NODE_EXTRA_CA_CERTS, 'utf8')).toContain('BEGIN CERTIFICATE');
  });
});
