// Starts the lab on real DNS software, on loopback only: NSD, Knot and BIND as its authoritative
// servers (plan-interop-servers.ts says which plays which), Unbound as a resolver of the lab with
// DNS over HTTPS, and the harness's own interop.test. zone once on each implementation. Every
// process runs in the foreground in its own process group under .tmp/interop/ and is stopped by
// `stop()`, by the exit and signal handlers, or, if this process was killed outright, by the
// next start.
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { zoneFileName } from '@/lib/lab/build-lab';
import { exportLabZones } from '@/lib/lab/export-zones';
import { LAB_INFRA_SERVERS, LAB_SCENARIOS, LAB_SIGNING } from '@/lib/lab/manifest';
import { bindConfig } from './bind-config';
import { canUsePidNamespace, DAEMON_ENV, groupMembers, logTail, signalGroup, startDaemon, type Daemon } from './daemon-process';
import {
  INTEROP_DIR,
  INTEROP_DOH_CERT_FILE,
  INTEROP_LAYOUT_FILE,
  INTEROP_LAYOUT_VERSION,
  INTEROP_RANGE,
  type AuthoritativeInstance,
  type AuthoritativeSoftware,
  type InteropLayout,
  type ServedZone,
} from './interop-layout';
import { INTEROP_BIG_NAME, INTEROP_ZONE, interopZoneText } from './interop-zone';
import { knotConfig } from './knot-config';
import { addLoopbackAddresses, listLoopbackAddresses, removeLoopbackAddresses } from './loopback-addresses';
import { makeSelfSignedCert } from './make-self-signed-cert';
import { nsdConfig } from './nsd-config';
import { loopbackFor, planInteropServers, type PlannedInstance } from './plan-interop-servers';
import { REAL_SIGNER_NOT_REPRODUCED, REAL_SIGNER_PARENT, REAL_SIGNER_SERVERS, signRealSignerZones } from './real-signer';
import { startBlackHole, type BlackHole } from './start-black-hole';
import { unboundConfig } from './unbound-config';
import { waitUntilAnswering } from './wait-until-answering';

const PORT = 53;
const RESOLVER_ADDRESS = '127.54.0.53';
const DOH_PORT = 443;
/** The harness's own servers of interop.test., one per implementation. */
const EXTRA = { nsd: '127.54.0.1', knot: '127.54.0.2', bind: '127.54.0.3' } as const;
/** Spare addresses the certificate also names, for test-side DoH front ends (a GET-only proxy). */
const DOH_SPARE_ADDRESSES = ['127.54.0.54'] as const;
const READY_TIMEOUT_MS = 20_000;

export interface InteropHarness {
  layout: InteropLayout;
  stop(): Promise<void>;
}

/** What a killed run may have left behind: process groups and addresses on lo. */
interface RunState {
  /** The process that started the run (the one running the harness). */
  owner: number;
  pgids: number[];
  loopback: string[];
}

export async function startInteropServers(log: (line: string) => void = () => {}): Promise<InteropHarness> {
  const started = Date.now();
  preflight();
  const dir = INTEROP_DIR;
  const stateFile = join(dir, 'run-state.json');
  await cleanUpAfterKilledRun(stateFile, dir);
  rmSync(dir, { recursive: true, force: true });
  mkdirSync(dir, { recursive: true });

  const state: RunState = { owner: process.pid, pgids: [], loopback: [] };
  const saveState = () => writeFileSync(stateFile, JSON.stringify(state));
  const daemons: Daemon[] = [];
  const holes: BlackHole[] = [];
  let stopped = false;

  const killAllNow = () => {
    for (const d of daemons) d.killNow();
    removeLoopbackAddresses(state.loopback);
  };
  const onExit = () => {
    if (!stopped) killAllNow();
  };
  const onSignal = (signal: NodeJS.Signals) => {
    onExit();
    stopped = true;
    // When nobody else handles it, leave as the signal would have made us.
    if (process.listenerCount(signal) === 1) process.exit(128 + ({ SIGINT: 2, SIGTERM: 15, SIGHUP: 1 } as Record<string, number>)[signal]!);
  };
  process.on('exit', onExit);
  for (const s of ['SIGINT', 'SIGTERM', 'SIGHUP'] as const) process.on(s, onSignal);

  const stop = async () => {
    if (stopped) return;
    stopped = true;
    await Promise.all(daemons.map((d) => d.stop()));
    await Promise.all(holes.map((h) => h.close()));
    removeLoopbackAddresses(state.loopback);
    const left = state.pgids.flatMap((g) => groupMembers(g));
    process.off('exit', onExit);
    for (const s of ['SIGINT', 'SIGTERM', 'SIGHUP'] as const) process.off(s, onSignal);
    if (left.length) throw new Error(`interop: processes ${left.join(', ')} outlived their stop`);
    rmSync(stateFile, { force: true });
  };

  try {
    const versions = softwareVersions();
    // The DNSSEC faults a real signer makes (real-signer.ts), first: test. holds signzone.test.'s DS.
    const realSigned = signRealSignerZones(join(dir, 'signzone'));
    // The lab's own export: complete signed zone files, root hints, trust anchor. Every IPv4
    // address in the lab's three /24s moves to 127.54.x.N (servers, and the old glue-stale address
    // nothing answers on); IPv6 records are dropped, as the lab does on sockets, so nothing a
    // resolver follows can lead off the loopback. test. also delegates signzone.test., with its DS.
    const labDir = join(dir, 'lab');
    exportLabZones(
      labDir,
      { rewriteAddress: (a) => (a.includes(':') ? null : loopbackFor(a)), port: PORT },
      { extraRecords: { 'test.': realSigned.parentRecords } },
    );
    const zoneFile = (zone: string, stale: boolean) => {
      const file = join(labDir, 'zones', zoneFileName(zone, stale));
      if (!existsSync(file)) throw new Error(`interop: the lab export has no ${stale ? 'stale copy' : 'zone file'} for ${zone}`);
      return file;
    };
    const plan = planInteropServers(
      LAB_INFRA_SERVERS,
      LAB_SCENARIOS,
      (software, zone, mode) => software !== 'bind' || bindLoads(zone, zoneFile(zone, mode === 'stale')),
    );
    mkdirSync(join(dir, 'zones'));
    const extraFile = join(dir, 'zones', 'interop.test.zone');
    writeFileSync(extraFile, interopZoneText());
    const brokenFile = join(dir, 'zones', 'does-not-load.zone');
    writeFileSync(brokenFile, '; A zone file that loads nowhere: the server answers SERVFAIL for its zone.\n@ IN SOA (\n');

    const served = (p: PlannedInstance): ServedZone[] =>
      p.zones.map(({ zone, mode }) => ({
        zone,
        mode,
        file: mode === 'servfail' ? brokenFile : zoneFile(zone, mode === 'stale'),
        signed: zone in LAB_SIGNING && mode !== 'servfail',
      }));
    const extraZone: ServedZone = { zone: INTEROP_ZONE, mode: 'normal', file: extraFile, signed: true };
    const instances: Omit<AuthoritativeInstance, 'pid' | 'logFile'>[] = [
      ...plan.instances.map((p) => ({
        id: p.id,
        software: p.software,
        version: versions[p.software],
        port: PORT,
        addresses: p.addresses,
        labServers: p.labServers.map((l) => ({
          name: l.server.name,
          labAddresses: [l.server.ipv4, l.server.ipv6].filter((a): a is string => !!a),
          addresses: l.addresses,
          notReproduced: l.notReproduced,
        })),
        zones: served(p),
      })),
      ...(Object.entries(EXTRA) as [AuthoritativeSoftware, string][]).map(([software, address]) => ({
        id: `${software}-interop`,
        software,
        version: versions[software],
        port: PORT,
        addresses: [address],
        labServers: [],
        zones: [extraZone],
      })),
      ...REAL_SIGNER_SERVERS.map((server) => ({
        id: `${server.software}-signzone`,
        software: server.software,
        version: versions[server.software],
        port: PORT,
        addresses: [server.address],
        labServers: [],
        zones: realSigned.zones.map((z): ServedZone => ({ zone: z.zone, mode: 'normal', file: z.file, signed: z.signed })),
      })),
    ];

    // BIND: one named for all its views.
    const bindDir = join(dir, 'bind');
    mkdirSync(bindDir);
    const bindInstances = instances.filter((i) => i.software === 'bind');
    state.loopback = bindInstances.flatMap((i) => i.addresses);
    saveState();
    addLoopbackAddresses(state.loopback);
    writeFileSync(join(bindDir, 'named.conf'), bindConfig({ dir: bindDir, port: PORT, views: bindInstances }));

    const launched: AuthoritativeInstance[] = [];
    const launch = (i: (typeof instances)[number], daemon: Daemon) => {
      daemons.push(daemon);
      state.pgids.push(daemon.pid);
      saveState();
      launched.push({ ...i, pid: daemon.pid, logFile: daemon.logFile });
    };
    const named = await startDaemon({
      name: 'named',
      command: 'named',
      args: ['-g', '-4', '-n', '1', '-c', join(bindDir, 'named.conf')],
      cwd: bindDir,
      logFile: join(bindDir, 'named.log'),
    });
    for (const i of bindInstances) launch(i, named);
    // NSD and Knot: a process per instance, each in its own directory.
    for (const i of instances.filter((x) => x.software !== 'bind')) {
      const d = join(dir, i.id);
      mkdirSync(d);
      if (i.software === 'nsd') {
        writeFileSync(join(d, 'nsd.conf'), nsdConfig({ dir: d, addresses: i.addresses, port: PORT, zones: i.zones }));
        launch(i, await startDaemon({ name: i.id, command: 'nsd', args: ['-d', '-c', join(d, 'nsd.conf')], cwd: d, logFile: join(d, 'nsd.log') }));
      } else {
        mkdirSync(join(d, 'db'));
        writeFileSync(join(d, 'knot.conf'), knotConfig({ dir: d, addresses: i.addresses, port: PORT, zones: i.zones }));
        launch(i, await startDaemon({ name: i.id, command: 'knotd', args: ['-c', join(d, 'knot.conf')], cwd: d, logFile: join(d, 'knot.log') }));
      }
    }
    for (const b of plan.blackHoles) holes.push(await startBlackHole(b.addresses, PORT));

    const byPid = new Map(daemons.map((d) => [d.pid, d]));
    await Promise.all(
      launched.map(async (i) => {
        const daemon = byPid.get(i.pid)!;
        try {
          await Promise.all(
            i.addresses.map((address) =>
              waitUntilAnswering({ address, port: i.port, zones: i.zones }, { timeoutMs: READY_TIMEOUT_MS, isDead: daemon.exitStatus }),
            ),
          );
        } catch (err) {
          throw new Error(`interop: ${i.id} (${i.software}) did not come up: ${(err as Error).message}\n--- ${daemon.logFile}\n${logTail(daemon.logFile)}`);
        }
      }),
    );

    // Unbound, once the lab answers: it primes from the lab root at its first query.
    const ubDir = join(dir, 'unbound');
    mkdirSync(ubDir);
    const cert = makeSelfSignedCert(ubDir, [RESOLVER_ADDRESS, ...DOH_SPARE_ADDRESSES]);
    // The test workers were told this path before the file existed (vitest.interop.config.ts).
    if (cert.certFile !== INTEROP_DOH_CERT_FILE) throw new Error(`interop: the DoH certificate is at ${cert.certFile}, not at ${INTEROP_DOH_CERT_FILE}`);
    const rootHintsFile = join(labDir, 'root.hints');
    const trustAnchorFile = join(labDir, 'trust-anchor.zone');
    writeFileSync(
      join(ubDir, 'unbound.conf'),
      unboundConfig({
        dir: ubDir,
        address: RESOLVER_ADDRESS,
        port: PORT,
        httpsPort: DOH_PORT,
        rootHintsFile,
        certFile: cert.certFile,
        keyFile: cert.keyFile,
        trustAnchorFile,
        stubZones: [{ zone: INTEROP_ZONE, addresses: [EXTRA.nsd] }],
      }),
    );
    // The configuration is checked before Unbound runs: a typo must not leave it on its built-in root hints.
    execFileSync('unbound-checkconf', [join(ubDir, 'unbound.conf')], { env: DAEMON_ENV, stdio: 'pipe' });
    const unbound = await startDaemon({
      name: 'unbound',
      command: 'unbound',
      args: ['-d', '-c', join(ubDir, 'unbound.conf')],
      cwd: ubDir,
      logFile: join(ubDir, 'unbound.log'),
    });
    daemons.push(unbound);
    state.pgids.push(unbound.pid);
    saveState();
    try {
      await waitUntilAnswering(
        { address: RESOLVER_ADDRESS, port: PORT, zones: [{ zone: 'healthy.test.', mode: 'normal' }], recursive: true },
        { timeoutMs: READY_TIMEOUT_MS, isDead: unbound.exitStatus },
      );
    } catch (err) {
      throw new Error(`interop: unbound did not come up: ${(err as Error).message}\n--- ${unbound.logFile}\n${logTail(unbound.logFile)}`);
    }

    const notes = [
      "IPv4 lab addresses moved to 127.54.{2,100,113}.N (the lab's own map, lib/guard/loopback-address.ts, shifted from 127.53/16); AAAA records dropped, as the lab does on sockets (the only IPv6 loopback address is ::1). big-referral.test's referral without EDNS is still 615 octets with A glue alone (its NS names are long on purpose): Knot sets TC, NSD sends the glue that fits and sets TC only when none does.",
      `BIND listens only on interface addresses, so its ${state.loopback.length} addresses were added to lo as /32s for the run.`,
      canUsePidNamespace()
        ? 'every server runs in a PID namespace of its own (unshare), so no fork of it can outlive it, not even as a zombie, and dies with the harness even if that is killed outright (setpriv --pdeathsig).'
        : 'PID namespaces are not available here: servers run as plain process groups.',
      `silent servers (${plan.blackHoles.map((b) => b.server.name).join(', ')}) are sockets of the harness that read and never answer.`,
      'refused zones are zones the server is not configured with (REFUSED, as the lab); servfail zones are configured with a file that does not load.',
      `${REAL_SIGNER_PARENT} and the zones below it are signed by BIND's dnssec-signzone with DNSSEC faults written in (real-signer.ts), served by ${REAL_SIGNER_SERVERS.map((s) => s.software).join(', ')}; test. delegates it with a DS. Not reproduced with a real signer: ${REAL_SIGNER_NOT_REPRODUCED.map((n) => n.fault).join('; ')}.`,
      ...instances.flatMap((i) => i.labServers.flatMap((l) => l.notReproduced.map((n) => `${l.name} (${i.software}) ${n}`))),
    ];
    const layout: InteropLayout = {
      version: INTEROP_LAYOUT_VERSION,
      startedAt: new Date(started).toISOString(),
      dir,
      range: INTEROP_RANGE,
      zoneSource: 'lib/lab exportLabZones(), addresses moved to 127.54.0.0/16, IPv6 dropped',
      rootHints: plan.rootAddresses,
      addressMap: plan.addressMap,
      servers: launched.sort((a, b) => a.id.localeCompare(b.id)),
      resolver: {
        software: 'unbound',
        version: versions.unbound,
        address: RESOLVER_ADDRESS,
        port: PORT,
        dohUrl: `https://${RESOLVER_ADDRESS}${DOH_PORT === 443 ? '' : `:${DOH_PORT}`}/dns-query`,
        caCertFile: cert.certFile,
        tlsKeyFile: cert.keyFile,
        spareAddresses: [...DOH_SPARE_ADDRESSES],
        trustAnchorFile,
        pid: unbound.pid,
        logFile: unbound.logFile,
      },
      extraZone: { zone: INTEROP_ZONE, file: extraFile, bigName: INTEROP_BIG_NAME, servedBy: Object.keys(EXTRA).map((s) => `${s}-interop`) },
      realSigner: {
        parent: REAL_SIGNER_PARENT,
        zones: realSigned.zones.map((z) => z.zone),
        servedBy: REAL_SIGNER_SERVERS.map((s) => `${s.software}-signzone`),
      },
      notes,
    };
    writeFileSync(INTEROP_LAYOUT_FILE, JSON.stringify(layout, null, 2) + '\n');
    const count = (s: AuthoritativeSoftware) => launched.filter((i) => i.software === s).length;
    log(
      `interop: ${count('nsd')} NSD and ${count('knot')} Knot processes, 1 named with ${count('bind')} views, ${holes.length} silent, ` +
        `unbound at ${RESOLVER_ADDRESS} (DoH ${layout.resolver.dohUrl}); ready in ${((Date.now() - started) / 1000).toFixed(1)} s`,
    );
    return { layout, stop };
  } catch (err) {
    await stop().catch(() => {});
    throw err;
  }
}

/** Whether `pid` is still a Node process (the owner of a run); a recycled pid is something else. */
function isRunningNode(pid: number): boolean {
  try {
    return readFileSync(`/proc/${pid}/cmdline`, 'utf8').split('\0')[0]!.endsWith('node');
  } catch {
    return false;
  }
}

/** named-checkzone with the checks named.conf turns off turned off too: what BIND still refuses. */
function bindLoads(zone: string, file: string): boolean {
  const ignore = ['-k', '-m', '-M', '-n', '-r', '-S', '-T', '-W'].flatMap((flag) => [flag, 'ignore']);
  try {
    execFileSync('named-checkzone', ['-q', '-i', 'none', ...ignore, zone, file], { env: DAEMON_ENV, stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
}

function preflight(): void {
  if (process.platform !== 'linux') throw new Error('interop: the harness runs on Linux only');
  if (process.getuid?.() !== 0) {
    throw new Error('interop: the harness must run as root (port 53 on loopback, and addresses on lo for BIND)');
  }
  const missing = [
    'nsd',
    'knotd',
    'named',
    'unbound',
    'unbound-checkconf',
    'dig',
    'delv',
    'dnssec-keygen',
    'dnssec-signzone',
    'dnssec-dsfromkey',
    'openssl',
    'ip',
  ].filter((c) => {
    try {
      execFileSync('sh', ['-c', `command -v ${c}`], { env: DAEMON_ENV, stdio: 'ignore' });
      return false;
    } catch {
      return true;
    }
  });
  if (missing.length) throw new Error(`interop: missing ${missing.join(', ')} (scripts/ensure-system-deps.sh installs them)`);
}

function softwareVersions(): Record<AuthoritativeSoftware | 'unbound', string> {
  const out = (cmd: string, args: string[]) => {
    try {
      return execFileSync(cmd, args, { env: DAEMON_ENV, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
    } catch (err) {
      // nsd -v prints its version and exits 1.
      const e = err as { stdout?: string; stderr?: string };
      return `${e.stdout ?? ''}${e.stderr ?? ''}`;
    }
  };
  const pick = (text: string, re: RegExp) => re.exec(text)?.[1] ?? 'unknown';
  return {
    nsd: `NSD ${pick(out('nsd', ['-v']), /NSD version (\S+)/)}`,
    knot: `Knot DNS ${pick(out('knotd', ['--version']), /version (\S+)/)}`,
    bind: `BIND ${pick(out('named', ['-v']), /BIND (\S+)/)}`,
    unbound: `Unbound ${pick(out('unbound', ['-V']), /Version (\S+)/)}`,
  };
}

/** Stops what a run killed outright (SIGKILL, a crash) left: only processes running from `dir`. */
async function cleanUpAfterKilledRun(stateFile: string, dir: string): Promise<void> {
  let state: RunState = { owner: 0, pgids: [], loopback: [] };
  if (existsSync(stateFile)) {
    try {
      state = JSON.parse(readFileSync(stateFile, 'utf8')) as RunState;
    } catch {
      // Unreadable: fall through with nothing recorded.
    }
  }
  if (state.owner && state.owner !== process.pid && isRunningNode(state.owner)) {
    throw new Error(`interop: another run of the harness (pid ${state.owner}) is using ${dir}; let it finish or stop it`);
  }
  for (const pgid of state.pgids) {
    for (const pid of groupMembers(pgid)) {
      let cmdline = '';
      try {
        cmdline = readFileSync(`/proc/${pid}/cmdline`, 'utf8');
      } catch {
        continue;
      }
      if (cmdline.includes(dir)) signalGroup(pgid, 'SIGKILL');
    }
    for (let i = 0; i < 100 && groupMembers(pgid).length; i++) await sleep(20);
  }
  removeLoopbackAddresses([...new Set([...state.loopback, ...listLoopbackAddresses()])]);
}
