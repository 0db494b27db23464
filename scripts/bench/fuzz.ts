// npm run bench -- fuzz [--packets N] [--seed S] [--hang-ms MS] — mutated and random packets
// through the wire decoder (lib/dns/wire decodeMessageStrict), then formatMessage on what decodes
// (whatever decodes can be shown). Seed corpus: every response of a lab check of every scenario
// (the lab's real answers, run in this process: no packet leaves it) plus the fuzz test's sample of
// valid messages. Packets: scripts/bench/fuzz-packets.ts, from a seeded generator (--seed, default
// 1): the same seed gives the same packets.
// Prints: packets by kind, decoded / rejected (a WireFormatError: a bad packet refused as it
// should be), crashes (anything else thrown, by the decoder or by formatMessage on a decoded
// message: a bug), hangs (packets whose decode and format took longer than --hang-ms,
// default 50, measured again when over it: the best of three counts), the
// slowest packet, total time and packets/s. The first few crashing and hanging packets are printed
// in hex with the seed and index that reproduce them. Exit status 1 when there was a crash or a hang.
import { performance } from 'node:perf_hooks';
import { loadConfig } from '@/lib/config';
import { decodeMessageStrict } from '@/lib/dns/wire/decode-message';
import { formatMessage } from '@/lib/dns/wire/format-message';
import { validPacketSample } from '@/lib/dns/wire/testing/message-arbitrary';
import { WireFormatError } from '@/lib/dns/wire/wire-error';
import { LAB_SCENARIOS } from '@/lib/lab/manifest';
import { runCheck } from '@/lib/run-check';
import { nextPacket, seededRandom, type PacketKind } from '@/scripts/bench/fuzz-packets';
import { numberOption } from '@/scripts/bench/options';

const SHOW = 5;

/** Every distinct response a lab check of each scenario received. */
async function labResponses(): Promise<Buffer[]> {
  const config = loadConfig({});
  const seen = new Set<string>();
  for (const scenario of LAB_SCENARIOS) {
    const r = await runCheck(scenario.check ?? scenario.zone, { config, timeoutMs: 150 });
    if (!r.ok) throw new Error(`lab check of ${scenario.zone} failed: ${r.error.message}`);
    for (const o of r.report.capture.observations) if (o.responseBase64) seen.add(o.responseBase64);
  }
  return [...seen].map((b64) => Buffer.from(b64, 'base64'));
}

function timeDecode(bytes: Buffer): number {
  const before = performance.now();
  try {
    formatMessage(decodeMessageStrict(bytes));
  } catch {
    /* counted already */
  }
  return performance.now() - before;
}

export async function main(args: readonly string[]): Promise<number> {
  const packets = numberOption(args, 'packets', 1_000_000, { min: 1 });
  const seed = numberOption(args, 'seed', 1, { min: 0 });
  const hangMs = numberOption(args, 'hang-ms', 50, { min: 0 });

  const t0 = performance.now();
  const lab = await labResponses();
  const sample = validPacketSample(200, seed);
  const seeds = [...lab, ...sample];
  console.log(
    `fuzz: seed corpus ${seeds.length} packets (${lab.length} lab responses from ${LAB_SCENARIOS.length} scenarios, ${sample.length} valid messages from the fuzz test's arbitrary), built in ${((performance.now() - t0) / 1000).toFixed(1)} s`,
  );
  console.log(`fuzz: ${packets} packets, --seed ${seed}, hang threshold ${hangMs} ms (best of 3 when over it)`);

  const rng = seededRandom(seed);
  const byKind: Record<PacketKind, number> = { mutated: 0, random: 0, headed: 0 };
  let decoded = 0;
  let rejected = 0;
  const crashes: { index: number; where: string; error: string; hex: string }[] = [];
  const hangs: { index: number; ms: number; hex: string }[] = [];
  let slowest = { index: -1, ms: 0, size: 0 };
  const started = performance.now();
  for (let i = 0; i < packets; i++) {
    const { kind, bytes } = nextPacket(seeds, rng);
    byKind[kind]++;
    const before = performance.now();
    let where = 'decode';
    try {
      const message = decodeMessageStrict(bytes);
      where = 'format';
      formatMessage(message);
      decoded++;
    } catch (err) {
      if (where === 'decode' && err instanceof WireFormatError) rejected++;
      else crashes.push({ index: i, where, error: err instanceof Error ? `${err.name}: ${err.message}` : String(err), hex: bytes.toString('hex') });
    }
    let ms = performance.now() - before;
    // Over the threshold: time it again, so a GC pause or another process's turn on the CPU is
    // not taken for a slow packet; the best of three counts.
    if (ms > hangMs) ms = Math.min(ms, ...[0, 1, 2].map(() => timeDecode(bytes)));
    if (ms > slowest.ms) slowest = { index: i, ms, size: bytes.length };
    if (ms > hangMs) hangs.push({ index: i, ms, hex: bytes.toString('hex') });
    if ((i + 1) % 250_000 === 0) process.stderr.write(`fuzz: ${i + 1} packets…\n`);
  }
  const seconds = (performance.now() - started) / 1000;

  console.log(`packets:  ${packets} (mutated ${byKind.mutated}, random ${byKind.random}, header + random ${byKind.headed})`);
  console.log(`decoded:  ${decoded}   rejected (WireFormatError): ${rejected}`);
  console.log(`crashes:  ${crashes.length}`);
  console.log(`hangs:    ${hangs.length} (decode + format > ${hangMs} ms)`);
  console.log(`slowest:  ${slowest.ms.toFixed(2)} ms (packet #${slowest.index}, ${slowest.size} octets)`);
  console.log(`time:     ${seconds.toFixed(1)} s, ${Math.round(packets / seconds)} packets/s`);
  for (const c of crashes.slice(0, SHOW)) console.log(`crash #${c.index} (--seed ${seed}) in ${c.where}: ${c.error}\n  ${c.hex}`);
  for (const h of hangs.slice(0, SHOW)) console.log(`hang #${h.index} (--seed ${seed}): ${h.ms.toFixed(1)} ms\n  ${h.hex}`);
  return crashes.length === 0 && hangs.length === 0 ? 0 : 1;
}
