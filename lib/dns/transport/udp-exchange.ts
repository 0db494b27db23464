import 'server-only';
import dgram from 'node:dgram';
import { isIP } from 'node:net';
import { performance } from 'node:perf_hooks';
import type { DecodedMessage } from '@/lib/dns/wire/types';
import { parseIp } from '@/lib/domain/ip-literal';
import { deadlineMessage, startDeadline } from './attempt-deadline';
import { classifyReply } from './classify-reply';
import { socketErrorKind, type ExchangeOutcome, type ExchangeResult } from './exchange-result';
import { ipOnlyLookup } from './ip-only-lookup';

// Enough to show what went on; past this a flood of junk is dropped unread.
const MAX_IGNORED = 256;

export interface UdpExchange {
  address: string;
  port: number;
  bytes: Buffer;
  /** Our query, decoded: what a reply must match. */
  query: DecodedMessage;
  timeoutMs: number;
  signal?: AbortSignal;
  /**
   * connect(2) the socket. Linux then reports an ICMP port unreachable as ECONNREFUSED (so a
   * closed port fails in milliseconds, not after the timeout), but also drops datagrams from any
   * other source before we see them. Unconnected, we see and record those instead.
   */
  connect: boolean;
}

/**
 * One query, one datagram, on a new socket bound to port 0: the kernel picks a fresh random
 * source port each time (RFC 5452 4.5, RFC 6056). Resolves when the reply arrives, the deadline
 * passes or the signal aborts; never rejects. A datagram from the wrong address or port, or with
 * the wrong id or question, is passed over and recorded, and we keep listening (RFC 5452 9.1).
 */
export function exchangeUdp(x: UdpExchange): Promise<ExchangeResult> {
  return new Promise((resolve) => {
    const t0 = performance.now();
    const ignored: string[] = [];
    const family = isIP(x.address);
    const expected = parseIp(x.address)?.toNormalizedString();
    let settled = false;
    let cancelDeadline = () => {};

    const socket = dgram.createSocket({ type: family === 6 ? 'udp6' : 'udp4', lookup: ipOnlyLookup });

    const settle = (result: ExchangeOutcome) => {
      if (settled) return;
      settled = true;
      cancelDeadline();
      try {
        socket.close();
      } catch {
        // already closed
      }
      resolve({ ...result, rttMs: performance.now() - t0, ignored } as ExchangeResult);
    };

    if (family === 0 || !expected) {
      settle({ ok: false, kind: 'unreachable', message: `"${x.address}" is not an IP literal` });
      return;
    }

    socket.on('error', (err: NodeJS.ErrnoException) => {
      const kind = socketErrorKind(err.code);
      // On a connected UDP socket ECONNREFUSED is the ICMP port unreachable (RFC 1122 4.1.3.3):
      // nothing listens there, which says more than "refused".
      settle({
        ok: false,
        kind: kind === 'refused-connection' ? 'unreachable' : kind,
        message: err.code === 'ECONNREFUSED' ? 'ICMP port unreachable (ECONNREFUSED)' : `${err.syscall ?? 'udp'} ${err.code ?? err.message}`,
      });
    });

    socket.on('message', (msg, rinfo) => {
      if (settled || ignored.length >= MAX_IGNORED) return;
      const from = parseIp(rinfo.address)?.toNormalizedString();
      if (from !== expected || rinfo.port !== x.port) {
        ignored.push(`from ${rinfo.address} port ${rinfo.port}, expected ${x.address} port ${x.port}`);
        return;
      }
      const verdict = classifyReply(msg, x.query);
      if (verdict.verdict === 'accept') settle({ ok: true, message: verdict.message, bytes: msg });
      else if (verdict.verdict === 'malformed') settle({ ok: false, kind: 'malformed', message: verdict.reason, bytes: msg });
      else ignored.push(verdict.reason);
    });

    const send = () => {
      if (settled) return;
      const done = (err: Error | null) => {
        if (err) socket.emit('error', err);
      };
      if (x.connect) socket.send(x.bytes, done);
      else socket.send(x.bytes, x.port, x.address, done);
    };

    cancelDeadline = startDeadline(x.timeoutMs, x.signal, (reason) => {
      if (reason === 'timeout' && ignored.length > 0) {
        settle({ ok: false, kind: 'mismatched', message: `no matching reply within ${x.timeoutMs} ms` });
      } else {
        settle({ ok: false, kind: 'timeout', message: deadlineMessage(reason, x.timeoutMs, 'reply') });
      }
    });

    try {
      // Port 0 on the wildcard address: the kernel's ephemeral port choice is randomised.
      socket.bind(0, () => {
        if (!x.connect) return send();
        // Without a callback a failed connect arrives as an 'error' event, handled above.
        socket.once('connect', send);
        socket.connect(x.port, x.address);
      });
    } catch (err) {
      settle({ ok: false, kind: 'unreachable', message: err instanceof Error ? err.message : String(err) });
    }
  });
}
