import 'server-only';
import net from 'node:net';
import { performance } from 'node:perf_hooks';
import type { DecodedMessage } from '@/lib/dns/wire/types';
import { deadlineMessage, startDeadline } from './attempt-deadline';
import { classifyReply } from './classify-reply';
import { socketErrorKind, type ExchangeOutcome, type ExchangeResult } from './exchange-result';
import { createFrameAccumulator, frameMessage } from './frame-accumulator';
import { ipOnlyLookup } from './ip-only-lookup';

export interface TcpExchange {
  address: string;
  port: number;
  bytes: Buffer;
  query: DecodedMessage;
  /** Applies to the connect and again to the wait for the reply. */
  timeoutMs: number;
  signal?: AbortSignal;
}

// A server that streams frames which are not our reply is either broken or hostile; stop reading
// after this many rather than let it hold the connection until the deadline.
const MAX_IGNORED_FRAMES = 32;

/**
 * One query over a new TCP connection (RFC 1035 4.2.2, RFC 7766): length-prefixed, the reply
 * reassembled from however the bytes arrive. Never rejects.
 */
export function exchangeTcp(x: TcpExchange): Promise<ExchangeResult> {
  return new Promise((resolve) => {
    const t0 = performance.now();
    const ignored: string[] = [];
    const frames = createFrameAccumulator();
    let settled = false;
    let connected = false;
    let cancelDeadline = () => {};

    const family = net.isIP(x.address);
    if (family === 0) {
      resolve({ ok: false, kind: 'unreachable', message: `"${x.address}" is not an IP literal`, rttMs: 0, ignored });
      return;
    }

    const socket = net.connect({ host: x.address, port: x.port, family, lookup: ipOnlyLookup, noDelay: true });

    const settle = (result: ExchangeOutcome) => {
      if (settled) return;
      settled = true;
      cancelDeadline();
      socket.destroy();
      resolve({ ...result, rttMs: performance.now() - t0, ignored } as ExchangeResult);
    };

    const arm = (what: string) => {
      cancelDeadline();
      cancelDeadline = startDeadline(x.timeoutMs, x.signal, (reason) => {
        if (reason === 'timeout' && ignored.length > 0) {
          settle({ ok: false, kind: 'mismatched', message: `no matching reply within ${x.timeoutMs} ms` });
        } else {
          settle({ ok: false, kind: 'timeout', message: deadlineMessage(reason, x.timeoutMs, what) });
        }
      });
    };

    arm('TCP connection');

    socket.on('connect', () => {
      connected = true;
      arm('reply');
      socket.write(frameMessage(x.bytes));
    });

    socket.on('data', (chunk: Buffer) => {
      if (settled) return;
      let got: Buffer[];
      try {
        got = frames.push(chunk);
      } catch (err) {
        settle({ ok: false, kind: 'malformed', message: err instanceof Error ? err.message : String(err) });
        return;
      }
      for (const frame of got) {
        const verdict = classifyReply(frame, x.query);
        if (verdict.verdict === 'accept') return settle({ ok: true, message: verdict.message, bytes: frame });
        if (verdict.verdict === 'malformed') return settle({ ok: false, kind: 'malformed', message: verdict.reason, bytes: frame });
        ignored.push(verdict.reason);
        if (ignored.length >= MAX_IGNORED_FRAMES) {
          return settle({ ok: false, kind: 'mismatched', message: `${ignored.length} frames, none the reply` });
        }
      }
    });

    socket.on('end', () => {
      if (frames.pendingBytes > 0) {
        settle({ ok: false, kind: 'malformed', message: `connection closed inside a message (${frames.pendingBytes} octets of it received)` });
      } else if (ignored.length > 0) {
        settle({ ok: false, kind: 'mismatched', message: 'connection closed without a matching reply' });
      } else {
        // Accepted the connection, then hung up without answering: the server will not serve us.
        settle({ ok: false, kind: 'refused-connection', message: 'connection closed by the server without a reply' });
      }
    });

    socket.on('error', (err: NodeJS.ErrnoException) => {
      const code = err.code ?? err.message;
      if (connected && (err.code === 'ECONNRESET' || err.code === 'EPIPE')) {
        settle({ ok: false, kind: 'refused-connection', message: `connection reset by the server (${code})` });
      } else {
        settle({ ok: false, kind: socketErrorKind(err.code), message: `${err.syscall ?? 'tcp'} ${code}` });
      }
    });
  });
}
