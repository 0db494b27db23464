// npm run bench (tsx scripts/bench/walk-bench.ts [rtt40] [--runs N] [--rtt MS] [--timeout MS]) — how close
// a full check comes to the fastest a walk can be. Every lab scenario is walked and analysed
// (walkDelegation + buildReport, as runCheck does) with the lab transport simulating a round trip
// of 20 ms per answered attempt at every server and a per-attempt timeout of at most 1000 ms (the
// transport's adaptive timeouts, lib/dns/transport/server-timeouts.ts: a silent server costs about
// one timeout, 400 ms, 800 over TCP), the lab resolver answering after 20 ms too, and no cross-check cache (a cold walk
// from the root each time). Simulated time passes for real (timers), so wall time includes the
// walker's own waiting, scheduling and CPU.
//
// Columns: levels = zone cuts from the root to the target's zone (the root counted); queries
// sent; floor = levels × RTT: one referral round trip per level below the root plus one round
// trip for the target zone's probes, which the walker sends all at once (the shortest any walk of
// that chain can be); bound = the critical-path bound of this capture (scripts/bench/
// critical-path.ts): every query sent the moment what it depends on is known, each costing its
// simulated time — the floor, plus what the zone's data forces: a server named only by the child
// is reached one round trip later, a silent one costs its timeouts, an NS name outside the zone
// waits for the resolver, and a question asked only because of an answer (a walk from the root
// after the resolver failed, the full name after an NXDOMAIN) waits for that answer; wall = median wall time of a full check; ratio = wall / bound, goal ≤ 1.3;
// cpu = the same check with no round trips and instant timeouts: the processing alone (codec,
// walker, checks, and the simulated servers' own work, which in the lab runs in this process);
// validate = the chain-of-trust validation alone (lib/checks/validate-chain.ts: every RRSIG of
// the capture verified, the denial proofs read), median over the runs on the check's capture;
// share = validate / cpu, the validation's part of a check's processing. The last line sums them
// over every scenario.
// `rtt40` (npm run bench -- rtt40): a 40 ms round trip and the app's 1500 ms timeout ceiling.
// A benchmark, not a test: it prints figures and exits 0 whatever they are.
// `npm run bench -- js [--max KB]` measures the pages' first-load JavaScript instead (js-size.ts).
// `npm run bench -- fuzz|load|crash [options]`: the robustness figures (fuzz.ts, load.ts,
// crash.ts; each file says what it prints and takes).
// `npm run bench -- badge`: a stored-status badge's rate beside the 404 page's (badge-bench.ts).
// `npm run bench -- scan`: names per second of `npm run worker` processes on a scan (scan-bench.ts).
import { spawn } from 'node:child_process';

// Our server modules `import 'server-only'`, which only resolves under the react-server export
// condition (as inside Next). Run ourselves again with it rather than weaken that guard.
const CONDITION = '--conditions=react-server';

/** The named benches: each module's main(args) prints its figures and resolves to an exit code. */
const NAMED: Record<string, () => Promise<{ main(args: readonly string[]): number | Promise<number> }>> = {
  js: () => import('@/scripts/bench/js-size'),
  fuzz: () => import('@/scripts/bench/fuzz'),
  load: () => import('@/scripts/bench/load'),
  crash: () => import('@/scripts/bench/crash'),
  badge: () => import('@/scripts/bench/badge-bench'),
  scan: () => import('@/scripts/bench/scan-bench'),
};
const named = process.argv[2] !== undefined ? NAMED[process.argv[2]] : undefined;

if (process.argv[2] === 'js' && named) {
  // `npm run bench -- js`: the pages' first-load JavaScript (scripts/bench/js-size.ts), from a build.
  runNamed(named);
} else if (!process.execArgv.includes(CONDITION)) {
  // --expose-gc: collect the young generation before each timed check, so one check's garbage is
  // not another's pause.
  const child = spawn(process.execPath, [...process.execArgv, CONDITION, '--expose-gc', ...process.argv.slice(1)], { stdio: 'inherit' });
  for (const signal of ['SIGINT', 'SIGTERM'] as const) process.on(signal, () => child.kill(signal));
  child.on('exit', (code, signal) => process.exit(code ?? (signal ? 1 : 0)));
} else if (named) {
  runNamed(named);
} else if (process.argv[2] !== undefined && process.argv[2] !== 'rtt40' && !process.argv[2].startsWith('--')) {
  console.error(`bench: no bench named "${process.argv[2]}" (the walk bench, or one of: ${Object.keys(NAMED).join(', ')})`);
  process.exit(2);
} else {
  main().catch((err: unknown) => {
    console.error(`bench: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}`);
    process.exit(1);
  });
}

function runNamed(load: (typeof NAMED)[string]): void {
  const name = process.argv[2];
  load()
    .then(async ({ main: run }) => process.exit(await run(process.argv.slice(3))))
    .catch((err: unknown) => {
      console.error(`bench ${name}: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}`);
      process.exit(1);
    });
}

function option(name: string, fallback: number): number {
  const i = process.argv.indexOf(`--${name}`);
  const value = i >= 0 ? Number(process.argv[i + 1]) : fallback;
  if (!Number.isFinite(value) || value < 0) throw new Error(`--${name} takes a number`);
  return value;
}

async function main(): Promise<void> {
  const runs = Math.max(1, Math.round(option('runs', 3)));
  const rtt40 = process.argv.includes('rtt40');
  const rttMs = option('rtt', rtt40 ? 40 : 20);
  const timeoutMs = option('timeout', rtt40 ? 1500 : 1000);

  const { getLab } = await import('@/lib/lab/get-lab');
  const { createLabTransport } = await import('@/lib/lab/lab-transport');
  const { abortableSleep } = await import('@/lib/dns/transport/abortable-sleep');
  const { createLabResolverTransport } = await import('@/lib/lab/lab-resolver-transport');
  const { LAB_SCENARIOS, labScenarioFor } = await import('@/lib/lab/manifest');
  const { walkDelegation } = await import('@/lib/dns/walk');
  const { buildReport } = await import('@/lib/report');
  const { criticalPath } = await import('@/scripts/bench/critical-path');
  const { checkContext } = await import('@/lib/checks/check-context');
  const { validateChain } = await import('@/lib/checks/validate-chain');
  type Transport = import('@/lib/dns/transport/types').Transport;
  type Capture = import('@/lib/dns/capture').Capture;

  const lab = getLab();
  // As runCheck wires the lab: a scenario checked from a host without IPv6 (manifest `vantage`)
  // gets a transport without it, and every report is built against the lab's root key.
  const transports = (ipv6: boolean) => ({
    timed: createLabTransport(lab, { rttMs, timeoutMs, ipv6 }),
    fast: createLabTransport(lab, { rttMs: 0, timeoutMs: 1, ipv6 }),
  });
  const hosts = { dualStack: transports(true), ipv4Only: transports(false) };
  const trustAnchor = { source: 'the lab root key', records: [...lab.trustAnchor] };
  const labResolver = createLabResolverTransport(lab);
  // The resolver (DoH on the network) is one round trip away too.
  const resolver: Transport = {
    kind: labResolver.kind,
    async query(server, question, options = {}) {
      await abortableSleep(rttMs, options.signal);
      const o = await labResolver.query(server, question, options);
      return { ...o, rttMs: o.rttMs + rttMs, attempts: o.attempts.map((a) => ({ ...a, rttMs: a.rttMs + rttMs })) };
    },
  };

  // The young generation only (a scavenge). A full collection right before each check made the
  // check itself slower (big-referral.test at 40 ms: median 153 ms of 16 checks after a full one,
  // 139 after a scavenge, 140 after none), and a server does not make one before each check.
  const gc = (globalThis as { gc?: (options?: { type: 'minor' | 'major' }) => void }).gc;
  const collect = () => gc?.({ type: 'minor' });
  /** One check as runCheck makes it (walkDelegation, then buildReport of the anchored capture); `fast`: no round trips. */
  const checkOnce = async (name: string, fast = false) => {
    const ipv6 = labScenarioFor(name)?.vantage?.ipv6 ?? true;
    const host = ipv6 ? hosts.dualStack : hosts.ipv4Only;
    collect();
    const started = performance.now();
    const capture = await walkDelegation(name, {
      transport: fast ? host.fast : host.timed,
      ipv6,
      resolver: { transport: fast ? labResolver : resolver, server: labResolver.server },
      rootHints: lab.rootHints,
      policy: null,
      timeoutMs: fast ? 1 : timeoutMs,
      onFault: (err) => {
        throw err;
      },
    });
    const anchored: Capture = { ...capture, trustAnchor, vantage: { families: ipv6 ? [4, 6] : [4], ipv6: 'auto' } };
    const report = buildReport(anchored, { now: new Date(), version: 'bench' });
    return { wallMs: performance.now() - started, report };
  };

  const names = LAB_SCENARIOS.map((s) => s.check ?? s.zone);
  // Warm up the JIT on every code path (codec, lab, walker, checks) without the waiting.
  for (let i = 0; i < 5; i++) for (const name of names) await checkOnce(name, true);

  console.log(
    `zonecut walk benchmark: lab, RTT ${rttMs} ms per answered attempt, timeout ${timeoutMs} ms per attempt, cold walks, median of ${runs} run${runs === 1 ? '' : 's'}\n`,
  );
  const header = ['scenario', 'levels', 'queries', 'floor ms', 'bound ms', 'wall ms', 'ratio', 'cpu ms', 'validate ms', 'share'];
  const rows: string[][] = [];
  let over = 0;
  let cpuTotal = 0;
  let validateTotal = 0;
  /** The validation of one capture, on a fresh context (validateChain keeps one result per context). */
  const validateOnce = (capture: Capture) => {
    const ctx = checkContext(capture, new Date());
    const started = performance.now();
    validateChain(ctx);
    return performance.now() - started;
  };
  const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)] ?? 0;
  for (const name of names) {
    const walls: number[] = [];
    const cpus: number[] = [];
    const validations: number[] = [];
    let last: Awaited<ReturnType<typeof checkOnce>> | null = null;
    for (let i = 0; i < runs; i++) {
      last = await checkOnce(name);
      walls.push(last.wallMs);
      const fast = await checkOnce(name, true);
      cpus.push(fast.wallMs);
      validations.push(validateOnce(fast.report.capture));
    }
    if (!last) continue;
    const wall = median(walls);
    const path = criticalPath(last.report.capture);
    const ratio = path.boundMs > 0 ? wall / path.boundMs : NaN;
    if (ratio > 1.3) over++;
    const cells = [name, String(path.levels), String(last.report.summary.totals.queries), String(path.levels * rttMs), String(path.boundMs), wall.toFixed(0)];
    const cpu = median(cpus);
    const validate = median(validations);
    cpuTotal += cpu;
    validateTotal += validate;
    rows.push([
      ...cells,
      `${ratio.toFixed(2)}${ratio > 1.3 ? ' !' : ''}`,
      cpu.toFixed(0),
      validate.toFixed(1),
      `${((100 * validate) / Math.max(cpu, 0.001)).toFixed(0)}%`,
    ]);
  }
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => (r[i] ?? '').length)));
  const fmt = (cells: string[]) => cells.map((c, i) => (i === 0 ? c.padEnd(widths[i] ?? 0) : c.padStart(widths[i] ?? 0))).join('  ');
  console.log(fmt(header));
  for (const r of rows) console.log(fmt(r));
  console.log(
    `\nvalidation: ${validateTotal.toFixed(0)} ms of ${cpuTotal.toFixed(0)} ms of processing over ${rows.length} scenarios (${((100 * validateTotal) / Math.max(cpuTotal, 0.001)).toFixed(0)}%)`,
  );
  console.log(`${over === 0 ? 'every scenario within 1.3× of its bound' : `${over} scenario${over === 1 ? '' : 's'} over 1.3× of the bound (marked !)`}`);
}
