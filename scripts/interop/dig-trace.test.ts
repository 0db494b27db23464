// parseDigTrace on dig 9.18's own output (`+trace +nodnssec +comments`), recorded from the lab on
// real servers: what the interop comparison with the walker relies on.
import { describe, expect, it } from 'vitest';
import { parseDigTrace } from './dig-trace';

const LAME = `
; <<>> DiG 9.18.49-1~deb12u3-Debian <<>> -4 @127.54.2.1 lame.test NS +trace +nodnssec +comments +time=1 +tries=1
; (1 server found)
;; global options: +cmd
;; Got answer:
;; ->>HEADER<<- opcode: QUERY, status: NOERROR, id: 40648
;; flags: qr aa rd; QUERY: 1, ANSWER: 1, AUTHORITY: 0, ADDITIONAL: 2
;; WARNING: recursion requested but not available
;; OPT PSEUDOSECTION:
; EDNS: version: 0, flags:; udp: 1232
;; ANSWER SECTION:
.			86400	IN	NS	a.root-servers.test.
;; Received 76 bytes from 127.54.2.1#53(127.54.2.1) in 0 ms
;; Got answer:
;; ->>HEADER<<- opcode: QUERY, status: NOERROR, id: 671
;; flags: qr; QUERY: 1, ANSWER: 0, AUTHORITY: 2, ADDITIONAL: 3
;; OPT PSEUDOSECTION:
; EDNS: version: 0, flags:; udp: 1232
;; AUTHORITY SECTION:
test.			172800	IN	NS	ns2.nic.test.
test.			172800	IN	NS	ns1.nic.test.
;; Received 110 bytes from 127.54.2.1#53(a.root-servers.test) in 0 ms
;; Got answer:
;; ->>HEADER<<- opcode: QUERY, status: NOERROR, id: 9239
;; flags: qr; QUERY: 1, ANSWER: 0, AUTHORITY: 2, ADDITIONAL: 3
;; OPT PSEUDOSECTION:
; EDNS: version: 0, flags:; udp: 1232
;; AUTHORITY SECTION:
lame.test.		86400	IN	NS	ns1.lame.test.
lame.test.		86400	IN	NS	ns2.lame.test.
;; Received 106 bytes from 127.54.2.11#53(ns1.nic.test) in 0 ms
;; communications error to 127.54.113.99#53: timed out
;; Got answer:
;; ->>HEADER<<- opcode: QUERY, status: REFUSED, id: 12507
;; flags: qr; QUERY: 1, ANSWER: 0, AUTHORITY: 0, ADDITIONAL: 1
;; OPT PSEUDOSECTION:
; EDNS: version: 0, flags:; udp: 1232
; COOKIE: 80e7711e5ad16bea010000006b0266634fbcfc5c47a9c560 (good)
;; Received 66 bytes from 127.54.113.24#53(ns2.lame.test) in 0 ms
`;

const STOPPED = `
;; Got answer:
;; ->>HEADER<<- opcode: QUERY, status: NOERROR, id: 45283
;; flags: qr; QUERY: 1, ANSWER: 0, AUTHORITY: 2, ADDITIONAL: 3
;; AUTHORITY SECTION:
test.			172800	IN	NS	ns1.nic.test.
;; Received 118 bytes from 127.54.2.1#53(a.root-servers.test) in 0 ms
;; Got answer:
;; ->>HEADER<<- opcode: QUERY, status: NOERROR, id: 33190
;; flags: qr; QUERY: 1, ANSWER: 0, AUTHORITY: 2, ADDITIONAL: 1
;; AUTHORITY SECTION:
glue-missing.test.	86400	IN	NS	ns1.glue-missing.test.
glue-missing.test.	86400	IN	NS	ns2.glue-missing.test.
couldn't get address for 'ns1.glue-missing.test': failure
couldn't get address for 'ns2.glue-missing.test': failure
`;

describe('parseDigTrace', () => {
  it('gives one step per reply: header, sections, NS sets and the server', () => {
    const { steps, unresolved } = parseDigTrace(LAME);
    expect(unresolved).toEqual([]);
    expect(steps.map((s) => [s.rcode, s.flags.join(' '), s.from.address, s.from.port, s.from.name, s.bytes])).toEqual([
      ['NOERROR', 'qr aa rd', '127.54.2.1', 53, '127.54.2.1', 76],
      ['NOERROR', 'qr', '127.54.2.1', 53, 'a.root-servers.test', 110],
      ['NOERROR', 'qr', '127.54.2.11', 53, 'ns1.nic.test', 106],
      ['REFUSED', 'qr', '127.54.113.24', 53, 'ns2.lame.test', 66],
    ]);
    expect(steps.map((s) => s.nsSets)).toEqual([
      { '.': ['a.root-servers.test.'] },
      { 'test.': ['ns1.nic.test.', 'ns2.nic.test.'] }, // sorted
      { 'lame.test.': ['ns1.lame.test.', 'ns2.lame.test.'] },
      {},
    ]);
    expect(steps[0]!.records).toEqual([{ section: 'answer', owner: '.', type: 'NS', data: 'a.root-servers.test.' }]);
    expect(steps[1]!.records.map((r) => r.section)).toEqual(['authority', 'authority']);
  });

  it('keeps the names dig could not resolve, absolute; records after the last reply belong to no step', () => {
    const { steps, unresolved } = parseDigTrace(STOPPED);
    expect(steps).toHaveLength(1);
    expect(unresolved).toEqual(['ns1.glue-missing.test.', 'ns2.glue-missing.test.']);
  });

  it('finds nothing in output that is not a trace', () => {
    expect(parseDigTrace('')).toEqual({ steps: [], unresolved: [] });
    expect(parseDigTrace(';; connection timed out; no servers could be reached\n')).toEqual({ steps: [], unresolved: [] });
  });
});
