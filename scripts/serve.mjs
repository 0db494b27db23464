#!/usr/bin/env node
// The app's HTTP server, with .next as it is (`npm start` builds first: scripts/start.mjs): Node's
// own server in front of Next's request handler (Next's custom-server API), so that a badge served
// from a stored status a moment ago is answered from memory (lib/badge/badge-response-cache.ts,
// filled by the badge route) without Next's per-request machinery. Everything else goes to Next.
// `node scripts/serve.mjs [--host <ip>]`, port from PORT (3000).
import http from 'node:http';
import { isIP } from 'node:net';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));

// Idle keep-alive connections are kept 65 s, not Node's 5 s: a load balancer in front (60 s idle
// on most) then always closes an idle connection first, rather than send a request down one this
// server is closing at that moment (a reset the client sees as an error, which the load bench met
// under load with 5 s). The headers of a request get 66 s, longer than the keep-alive wait, so
// that an idle kept-alive connection is closed by the keep-alive timer and not by this one, and
// still bounded against clients that trickle their headers.
export const KEEP_ALIVE_TIMEOUT_MS = 65_000;
export const HEADERS_TIMEOUT_MS = 66_000;

/** `--host <ip>` (an IP literal: a name would be resolved through the OS), or undefined (every address). */
export function hostOption(args) {
  const i = args.indexOf('--host');
  if (i < 0) return undefined;
  const host = args[i + 1];
  if (!host || isIP(host) === 0) throw new Error(`--host takes an IP address (127.0.0.1, ::1, 0.0.0.0), not ${JSON.stringify(host ?? '')}`);
  return host;
}

/** PORT as a TCP port number (3000 when unset). */
export function portOption(env) {
  const text = env.PORT ?? '3000';
  const port = Number(text);
  if (!/^\d+$/.test(text) || port < 1 || port > 65535) throw new Error(`PORT must be a TCP port (1–65535), not ${JSON.stringify(text)}`);
  return port;
}

/** Prepares Next (instrumentation.ts runs here: a bad configuration exits), then listens. */
export async function serve({ port, host }) {
  process.env.NODE_ENV = 'production';
  process.env.NEXT_TELEMETRY_DISABLED ??= '1';
  // The badge route publishes its answers only for a server that reads them.
  globalThis.__zonecutServesBadgeCache = true;
  const { default: next } = await import('next');
  const app = next({ dev: false, dir: root, hostname: host, port });
  await app.prepare();
  const handle = app.getRequestHandler();

  const server = http.createServer((req, res) => {
    try {
      if (globalThis.__zonecutBadgeCache?.serve(req, res)) return;
    } catch (err) {
      // A fault of the memory must not take the process down: Next answers instead.
      console.error(`zonecut: the badge memory failed on ${req.url}:`, err);
      if (res.headersSent) return void res.destroy();
    }
    handle(req, res).catch((err) => {
      // As `next start` does with a request its handler throws on.
      console.error(`zonecut: failed to handle ${req.method} ${req.url}:`, err);
      if (!res.headersSent) res.statusCode = 500;
      res.end();
    });
  });
  server.keepAliveTimeout = KEEP_ALIVE_TIMEOUT_MS;
  server.headersTimeout = HEADERS_TIMEOUT_MS;
  await new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => {
      server.off('error', reject);
      resolve();
    });
  });
  return { server, close: () => app.close() };
}

/**
 * Serves until SIGINT or SIGTERM, then exits 130 or 143 as `next start` does. `beforeServe` runs
 * once the options are known to be good (start.mjs builds there).
 */
export async function main(args = process.argv.slice(2), { beforeServe = () => {} } = {}) {
  let host, port;
  try {
    host = hostOption(args);
    port = portOption(process.env);
  } catch (err) {
    console.error(`zonecut: ${err.message}`);
    process.exit(2);
  }
  beforeServe();
  let running;
  for (const [signal, code] of [
    ['SIGINT', 130],
    ['SIGTERM', 143],
  ]) {
    process.once(signal, () => {
      if (!running) process.exit(code);
      running.server.close();
      running.server.closeIdleConnections();
      running.close().finally(() => process.exit(code));
      // Requests still running get a moment, not forever.
      setTimeout(() => process.exit(code), 2000).unref();
    });
  }
  try {
    running = await serve({ port, host });
  } catch (err) {
    console.error(`zonecut: cannot serve on ${host ?? 'every address'} port ${port}: ${err.message}`);
    process.exit(1);
  }
  console.log(`zonecut: serving on http://${host === undefined ? 'localhost' : host.includes(':') ? `[${host}]` : host}:${port}`);
}

if (process.argv[1] === fileURLToPath(import.meta.url)) await main();
