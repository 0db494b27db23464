// `zonecut check <domain> [options]` → what to do, or a usage error. Pure: the environment comes
// in, the flags override it by setting the same variables lib/config.ts reads, so a flag and its
// variable can never mean two different things.
import { parseArgs } from 'node:util';

export const USAGE = `usage: zonecut check <domain> [options]

Walks the delegation of <domain> from the root, asks every server, prints the tree and what is wrong.

options:
  --json               print the report as JSON instead of the tree
  --root-hints LIST    root server addresses, ip or ip:port, comma-separated (ZONECUT_ROOT_HINTS)
  --doh URL            DNS-over-HTTPS resolver for recursive look-ups, by IP (ZONECUT_DOH_URL)
  --resolve HOW        how out-of-domain NS names are looked up: doh (the resolver, walking from
                       the root when it fails; the default) or walk (walking only) (ZONECUT_RESOLVE)
  --allow CIDRS        non-global networks that may be queried, comma-separated (ZONECUT_ALLOW_TARGETS)
  --ipv6 MODE          query IPv6 servers: auto (if this host has an IPv6 route), on, off (ZONECUT_IPV6)
  --no-lab             send names under test. to the network too (ZONECUT_LAB=off)
  --timeout MS         per-attempt timeout of each query, in milliseconds (default 1500)
  -h, --help           this text

exit status: 0 ok (notices at most), 1 warnings, 2 errors,
             3 could not check (bad input or options, nothing answered, or stopped at a limit
               or unreachable with nothing found)`;

export type CliCommand =
  | { kind: 'help' }
  | {
      kind: 'check';
      domain: string;
      json: boolean;
      timeoutMs: number | undefined;
      env: Record<string, string | undefined>;
      /** The variables set from flags, with their flag: configuration errors name what was typed. */
      flags: Record<string, string>;
    }
  | { kind: 'usage-error'; message: string };

const MAX_TIMEOUT_MS = 60_000;

export function parseCliArgs(argv: readonly string[], env: Record<string, string | undefined>): CliCommand {
  let parsed: ReturnType<typeof parse>;
  try {
    parsed = parse(argv);
  } catch (err) {
    // node:util's messages name the option (`Unknown option '--jsn'`), then explain `--`: keep the first.
    const message = err instanceof Error ? err.message.replace(/\. To specify[\s\S]*$/, '') : String(err);
    return { kind: 'usage-error', message };
  }
  const { values, positionals } = parsed;
  if (values.help) return { kind: 'help' };
  const [command, domain, ...extra] = positionals;
  if (command === undefined) return { kind: 'usage-error', message: 'missing the command: zonecut check <domain>' };
  if (command !== 'check') return { kind: 'usage-error', message: `unknown command "${command}": zonecut check <domain>` };
  if (domain === undefined) return { kind: 'usage-error', message: 'missing the domain: zonecut check <domain>' };
  if (extra.length > 0) return { kind: 'usage-error', message: `one domain at a time; unexpected "${extra.join(' ')}"` };

  let timeoutMs: number | undefined;
  if (values.timeout !== undefined) {
    timeoutMs = Number(values.timeout);
    if (!/^\d+$/.test(values.timeout) || timeoutMs < 1 || timeoutMs > MAX_TIMEOUT_MS) {
      return { kind: 'usage-error', message: `--timeout takes milliseconds from 1 to ${MAX_TIMEOUT_MS}, got "${values.timeout}"` };
    }
  }
  const overrides: Record<string, string> = {};
  const flags: Record<string, string> = {};
  const set = (variable: string, flag: string, value: string | undefined) => {
    if (value === undefined) return;
    overrides[variable] = value;
    flags[variable] = flag;
  };
  set('ZONECUT_ROOT_HINTS', '--root-hints', values['root-hints']);
  set('ZONECUT_DOH_URL', '--doh', values.doh);
  set('ZONECUT_RESOLVE', '--resolve', values.resolve);
  set('ZONECUT_ALLOW_TARGETS', '--allow', values.allow);
  set('ZONECUT_IPV6', '--ipv6', values.ipv6);
  set('ZONECUT_LAB', '--no-lab', values['no-lab'] ? 'off' : undefined);
  return { kind: 'check', domain, json: values.json ?? false, timeoutMs, env: { ...env, ...overrides }, flags };
}

function parse(argv: readonly string[]) {
  return parseArgs({
    args: [...argv],
    allowPositionals: true,
    strict: true,
    options: {
      json: { type: 'boolean' },
      'root-hints': { type: 'string' },
      doh: { type: 'string' },
      resolve: { type: 'string' },
      allow: { type: 'string' },
      ipv6: { type: 'string' },
      'no-lab': { type: 'boolean' },
      timeout: { type: 'string' },
      help: { type: 'boolean', short: 'h' },
    },
  });
}
