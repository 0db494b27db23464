// npm run lab:serve (npx tsx scripts/lab-serve.ts) — the lab universe on loopback sockets, UDP and
// TCP, so dig, kdig, drill, a resolver or zonecut can query it:
//   dig @127.53.2.1 healthy.test NS +norec           (as root, on port 53)
//   dig @127.53.2.1 -p 5300 healthy.test NS +norec   (otherwise)
// Each lab server moves from its documentation address to 127.53.x.y (192.0.2.N → 127.53.2.N,
// 198.51.100.N → 127.53.100.N, 203.0.113.N → 127.53.113.N), and so do the A records and glue it
// serves (AAAA records are left out: IPv6 has one loopback address), so on port 53 a resolver or
// zonecut (ZONECUT_ROOT_HINTS=127.53.2.1 ZONECUT_ALLOW_TARGETS=127.53.0.0/16) can walk it from the
// root. On another port only direct queries work: glue carries no port.
// Options: --port N (default 53 as root, else 5300); --documentation-addresses (serve the zones as
// in memory, 192.0.2.x and all); --export DIR (also write the zone files, root hints, trust anchor
// and servers.json for NSD/Knot/BIND/Unbound, see lib/lab/export-zones.ts).
import { spawn } from 'node:child_process';

// Our server modules `import 'server-only'`, which only resolves under the react-server export
// condition (as inside Next). Run ourselves again with it rather than weaken that guard.
const CONDITION = '--conditions=react-server';

if (!process.execArgv.includes(CONDITION)) {
  const child = spawn(process.execPath, [...process.execArgv, CONDITION, ...process.argv.slice(1)], { stdio: 'inherit' });
  // The terminal sends SIGINT to both of us; a `kill` reaches only this process: pass it on.
  for (const signal of ['SIGINT', 'SIGTERM'] as const) process.on(signal, () => child.kill(signal));
  child.on('exit', (code, signal) => process.exit(code ?? (signal ? 1 : 0)));
} else {
  main().catch((err: unknown) => {
    console.error(`lab-serve: ${err instanceof Error ? err.message : String(err)}`);
    process.exit(1);
  });
}

function parseArgs(argv: string[]): { port: number; exportDir?: string; documentationAddresses: boolean } {
  const isRoot = process.getuid?.() === 0;
  let port = isRoot ? 53 : 5300;
  let exportDir: string | undefined;
  let documentationAddresses = false;
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    const value = argv[i + 1];
    if (arg === '--port' && value !== undefined && /^\d+$/.test(value) && Number(value) <= 65535) {
      port = Number(value);
      i++;
    } else if (arg === '--export' && value !== undefined) {
      exportDir = value;
      i++;
    } else if (arg === '--documentation-addresses') {
      documentationAddresses = true;
    } else if (arg === '--help' || arg === '-h') {
      console.log('usage: npx tsx scripts/lab-serve.ts [--port N] [--documentation-addresses] [--export DIR]');
      process.exit(0);
    } else {
      throw new Error(`unknown or incomplete argument "${arg}" (try --help)`);
    }
  }
  return { port, exportDir, documentationAddresses };
}

async function main(): Promise<void> {
  const { port, exportDir, documentationAddresses } = parseArgs(process.argv.slice(2));
  const { buildLab } = await import('@/lib/lab/build-lab');
  const { rewriteToLoopback } = await import('@/lib/guard/loopback-address');
  const { serveLabSockets } = await import('@/lib/lab/serve-sockets');

  const lab = buildLab(documentationAddresses ? {} : { rewriteAddress: rewriteToLoopback });
  const sockets = await serveLabSockets(lab, { port });
  const rows = sockets.endpoints.map((e) => {
    const zones = e.server.zones.map((z) => (z.behaviour === 'normal' ? z.zone.apex : `${z.zone.apex} (${z.behaviour})`)).join(', ');
    const lab = [e.server.spec.ipv4, e.server.spec.ipv6].filter(Boolean).join(' ');
    const behaviour = e.server.behaviour === 'normal' ? '' : ` [${e.server.behaviour}]`;
    return `  ${`${e.host}:${e.port}`.padEnd(22)} ${e.server.name.padEnd(34)} ${lab.padEnd(36)} ${zones}${behaviour}`;
  });
  console.log(`zonecut lab: ${sockets.endpoints.length} servers on loopback, UDP and TCP (TCP refused where udp-only)`);
  console.log(`  ${'listening on'.padEnd(22)} ${'server'.padEnd(34)} ${'lab addresses'.padEnd(36)} zones`);
  console.log(rows.join('\n'));
  const root = sockets.endpoints.find((e) => e.server.zones.some((z) => z.zone.apex === '.'));
  if (root) {
    const p = root.port === 53 ? '' : ` -p ${root.port}`;
    console.log(`\ntry:  dig @${root.host}${p} healthy.test NS +norec +dnssec`);
    console.log(`root hints for zonecut: ZONECUT_ROOT_HINTS=${root.host}:${root.port} ZONECUT_ALLOW_TARGETS=127.53.0.0/16`);
  }

  if (exportDir) {
    const { exportLabZones } = await import('@/lib/lab/export-zones');
    const exported = exportLabZones(exportDir, { port });
    console.log(`exported ${exported.files.length} files to ${exportDir}`);
  }

  let closing = false;
  const stop = () => {
    if (closing) return;
    closing = true;
    console.log('\nzonecut lab: closing sockets');
    void sockets.close().then(() => process.exit(0));
  };
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
}
