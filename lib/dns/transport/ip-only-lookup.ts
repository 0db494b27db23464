import 'server-only';
import { isIP } from 'node:net';

// The single-address form, which node:dgram and node:net both accept; `all: true` callers
// (net's happy eyeballs, for names only) get the list form through a cast below.
type LookupCallback = (err: NodeJS.ErrnoException | null, address: string, family: number) => void;
type LookupAllCallback = (err: NodeJS.ErrnoException | null, addresses: { address: string; family: number }[]) => void;

/**
 * A `lookup` for node:dgram/net/tls that passes IP literals through and refuses everything else.
 * We only ever hand sockets IP literals, but node:dgram calls `lookup` even for those (and would
 * call getaddrinfo for a name): installing this makes "never through the operating system's
 * resolver" a property of the socket, not a convention of the callers.
 */
export function ipOnlyLookup(hostname: string, options: unknown, callback: LookupCallback): void {
  const family = isIP(hostname);
  const all = typeof options === 'object' && options !== null && (options as { all?: boolean }).all === true;
  // Callbacks are async in node:dns; keep that contract so callers never see a re-entrant call.
  process.nextTick(() => {
    if (family === 0) {
      const err: NodeJS.ErrnoException = new Error(`refusing to resolve "${hostname}": zonecut connects to IP literals only`);
      err.code = 'ENOTFOUND';
      callback(err, '', 0);
    } else if (all) {
      (callback as unknown as LookupAllCallback)(null, [{ address: hostname, family }]);
    } else {
      callback(null, hostname, family);
    }
  });
}
