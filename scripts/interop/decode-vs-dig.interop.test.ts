// Every RRset every server holds, asked of that server by us and by dig, must read the same:
// our decoder and formatRecord against dig's presentation format, record by record, with the
// header's rcode and flags. The dig command is the one digCommand() writes for the observation,
// so the evidence a finding shows is checked to reproduce what we saw.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, expect, it } from 'vitest';
import type { Observation } from '@/lib/dns/capture';
import type { Question } from '@/lib/dns/wire/types';
import { createUdpTransport, type Transport } from '@/lib/dns/transport';
import { canonicalName, digCommand } from '@/lib/dns/wire';
import { parseZoneFile } from '@/lib/dns/wire/zone-file';
import { decodedView, diffViews, parseDigOutput } from './dig-view';
import type { AuthoritativeInstance, ServedZone } from './interop-layout';
import { describeInterop, interopLayout, loopbackPolicy, serverAddress } from './interop-test-support';
import { DIG_VIEW_FLAGS, runDigBatch, runDigCommand } from './run-dig';

/** Ours sends neither a cookie nor the AD bit; dig does unless told (dig(1)). */
const DIG_FLAGS = [...DIG_VIEW_FLAGS, '+nocookie', '+noadflag'];
const PARALLEL = 16;

let udp: Transport;
beforeAll(() => {
  udp = createUdpTransport({ policy: loopbackPolicy(), timeoutMs: 2000 });
});

/** One question per owner and type in the zone file, RRSIG included. */
function questionsOf(zone: ServedZone): Question[] {
  const seen = new Map<string, Question>();
  for (const rr of parseZoneFile(readFileSync(zone.file, 'utf8'), { origin: zone.zone, fileName: zone.file })) {
    const key = `${canonicalName(rr.name)} ${rr.type}`;
    if (!seen.has(key)) seen.set(key, { name: rr.name, type: rr.type });
  }
  return [...seen.values()];
}

async function compareZone(instance: AuthoritativeInstance, zone: ServedZone): Promise<{ asked: number; types: Set<string>; problems: string[] }> {
  const server = serverAddress(instance);
  const questions = questionsOf(zone);
  const problems: string[] = [];
  const types = new Set<string>();
  const observations: Observation[] = [];
  for (let i = 0; i < questions.length; i += PARALLEL) {
    observations.push(...(await Promise.all(questions.slice(i, i + PARALLEL).map((q) => udp.query(server, q, { dnssecOk: true })))));
  }
  const answered = observations.filter((o) => {
    if (!o.response) problems.push(`${o.question.name} ${o.question.type}: no response (${o.error?.kind}: ${o.error?.message})`);
    return !!o.response;
  });
  const commands = answered.map((o) => digCommand(server, o.question, o.options, o.transport));
  const batch = await runDigBatch(commands, join(interopLayout().dir, `dig-${instance.id}-${zone.zone}txt`), DIG_FLAGS);
  for (const [i, o] of answered.entries()) {
    const stdout = batch ? batch[i]! : (await runDigCommand(commands[i]!, DIG_FLAGS)).stdout;
    const view = parseDigOutput(stdout);
    if (!view) {
      problems.push(`${commands[i]}: dig got no answer`);
      continue;
    }
    for (const rr of [...o.response!.answer, ...o.response!.authority, ...o.response!.additional]) types.add(rr.type);
    const diff = diffViews(decodedView(o.response!), view);
    if (diff.length) problems.push(`${commands[i]}\n    ${diff.join('\n    ')}`);
  }
  return { asked: questions.length, types, problems };
}

const seenTypes = new Set<string>();

describeInterop('every RRset each server holds: our decoding equals dig', () => {
  // Test names need the layout before tests run; vitest's inject is available at collection.
  const layout = (() => {
    try {
      return interopLayout();
    } catch {
      return null;
    }
  })();
  const cases = (layout?.servers ?? []).flatMap((instance) => instance.zones.filter((z) => z.mode !== 'servfail').map((zone) => ({ instance, zone })));

  it.each(cases.map((c) => [`${c.instance.id} ${c.zone.zone}${c.zone.mode === 'stale' ? ' (stale copy)' : ''}`, c] as const))(
    '%s',
    async (_, { instance, zone }) => {
      const { asked, types, problems } = await compareZone(instance, zone);
      for (const t of types) seenTypes.add(t);
      expect(asked).toBeGreaterThan(0);
      expect(problems, problems.join('\n')).toEqual([]);
    },
  );

  it('covered every record type the lab and interop.test. serve', () => {
    const expected = ['A', 'AAAA', 'NS', 'SOA', 'CNAME', 'MX', 'TXT', 'DS', 'DNSKEY', 'RRSIG', 'NSEC', 'CDS', 'CDNSKEY', 'CSYNC', 'TYPE65280', 'TYPE65281'];
    expect([...seenTypes].sort()).toEqual(expect.arrayContaining(expected));
  });
});
