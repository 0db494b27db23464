// Our UDP and TCP transports against NSD, Knot and BIND: a plain answer over each, and the
// truncation dance (RFC 7766 5, RFC 1035 4.2.1) with answers and a referral too big for UDP.
import { beforeAll, expect, it } from 'vitest';
import type { Observation } from '@/lib/dns/capture';
import { createTcpTransport, createUdpTransport, type Transport } from '@/lib/dns/transport';
import type { AuthoritativeSoftware } from './interop-layout';
import { INTEROP_BIG_NAME, INTEROP_MEDIUM_NAME, INTEROP_REFERRAL_NAME, INTEROP_ZONE } from './interop-zone';
import { describeInterop, extraServer, interopLayout, loopbackPolicy, serverAddress, SOFTWARE } from './interop-test-support';

let udp: Transport;
let tcp: Transport;
beforeAll(() => {
  udp = createUdpTransport({ policy: loopbackPolicy(), timeoutMs: 2000 });
  tcp = createTcpTransport({ policy: loopbackPolicy(), timeoutMs: 2000 });
});

/**
 * What each implementation does when a referral's in-domain glue does not fit in 512 octets:
 * Knot 3.2 sets TC as RFC 9471 3 requires; NSD 4.6 and BIND 9.18 keep one address per NS (all
 * the A glue here) and drop the AAAA glue that does not fit, without TC. A walker asking over
 * UDP alone sees a full-looking referral from those two.
 */
const REFERRAL_OVER_512: Record<AuthoritativeSoftware, 'truncates' | 'drops-glue'> = { nsd: 'drops-glue', knot: 'truncates', bind: 'drops-glue' };

const steps = (o: Observation) => o.attempts.map((a) => `${a.transport}:${a.reason}:${a.outcome}`);
const txtCount = (o: Observation) => o.response?.answer.filter((r) => r.type === 'TXT').length ?? 0;

for (const software of SOFTWARE) {
  describeInterop(`${software}: UDP and TCP`, () => {
    const server = () => serverAddress(extraServer(interopLayout(), software));

    it('answers a UDP query with EDNS: one attempt, AA, the OPT record echoed', async () => {
      const o = await udp.query(server(), { name: INTEROP_ZONE, type: 'SOA' });
      expect(o.error).toBeUndefined();
      expect(steps(o)).toEqual(['udp:initial:response']);
      expect(o.transport).toBe('udp');
      expect(o.response!.rcode).toBe('NOERROR');
      expect(o.response!.flags.aa).toBe(true);
      expect(o.response!.edns?.version).toBe(0);
      expect(o.response!.answer.map((r) => r.type)).toEqual(['SOA']);
      expect(Buffer.from(o.responseBase64!, 'base64').length).toBe(o.response!.size);
    });

    it('answers over TCP, by the TCP transport and by the UDP transport told to use TCP', async () => {
      for (const o of [
        await tcp.query(server(), { name: INTEROP_ZONE, type: 'SOA' }),
        await udp.query(server(), { name: INTEROP_ZONE, type: 'SOA' }, { tcp: true }),
      ]) {
        expect(o.error).toBeUndefined();
        expect(steps(o)).toEqual(['tcp:initial:response']);
        expect(o.response!.answer).toHaveLength(1);
      }
    });

    it('answers without EDNS when asked without it', async () => {
      const o = await udp.query(server(), { name: INTEROP_ZONE, type: 'SOA' }, { edns: false });
      expect(steps(o)).toEqual(['udp:initial:response']);
      expect(o.response!.edns).toBeUndefined();
    });

    it('falls back to TCP when a 3 KB answer is truncated at 1232 octets', async () => {
      const o = await udp.query(server(), { name: INTEROP_BIG_NAME, type: 'TXT' });
      expect(steps(o)).toEqual(['udp:initial:truncated', 'tcp:tcp-after-truncation:response']);
      expect(o.transport).toBe('tcp');
      expect(o.response!.flags.tc).toBe(false);
      expect(txtCount(o)).toBe(12);
      expect(o.response!.size).toBeGreaterThan(1232);
    });

    it('shows the truncated answer itself when told not to fall back', async () => {
      const o = await udp.query(server(), { name: INTEROP_BIG_NAME, type: 'TXT' }, { noTcpFallback: true });
      expect(steps(o)).toEqual(['udp:initial:truncated']);
      expect(o.response!.flags.tc).toBe(true);
      expect(o.response!.size).toBeLessThanOrEqual(1232);
    });

    it('truncates an 800-octet answer without EDNS (512 octets) or with a 512-octet buffer, not with 1232', async () => {
      const fits = await udp.query(server(), { name: INTEROP_MEDIUM_NAME, type: 'TXT' });
      expect(steps(fits)).toEqual(['udp:initial:response']);
      expect(txtCount(fits)).toBe(3);
      for (const options of [{ edns: false }, { udpSize: 512 }]) {
        const o = await udp.query(server(), { name: INTEROP_MEDIUM_NAME, type: 'TXT' }, options);
        expect(steps(o), JSON.stringify(options)).toEqual(['udp:initial:truncated', 'tcp:tcp-after-truncation:response']);
        expect(o.attempts.every((a) => a.edns === (options.edns ?? true))).toBe(true);
        expect(txtCount(o)).toBe(3);
      }
    });

    it('answers a referral too big for 512 octets as this implementation does (RFC 9471 3)', async () => {
      const o = await udp.query(server(), { name: `www.${INTEROP_REFERRAL_NAME}`, type: 'A' }, { edns: false });
      expect(o.error).toBeUndefined();
      const r = o.response!;
      expect(r.flags.aa).toBe(false);
      expect(r.authority.filter((x) => x.type === 'NS')).toHaveLength(10);
      const glue = r.additional.filter((x) => x.type === 'A' || x.type === 'AAAA');
      const withAddress = new Set(glue.map((x) => x.name));
      if (REFERRAL_OVER_512[software] === 'truncates') {
        // RFC 9471: the glue does not fit, so TC; we ask again over TCP and get all of it.
        expect(steps(o)).toEqual(['udp:initial:truncated', 'tcp:tcp-after-truncation:response']);
        expect(glue).toHaveLength(20);
      } else {
        // An address for every NS, the rest of the glue left out without TC: nothing to retry.
        expect(steps(o)).toEqual(['udp:initial:response']);
        expect(withAddress.size).toBe(10);
        expect(glue.length).toBeLessThan(20);
        expect(r.size).toBeLessThanOrEqual(512);
      }
    });
  });
}
