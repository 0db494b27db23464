// One webhook request: POST the JSON body to the address that passed the policy (never a fresh
// look-up: the socket's `lookup` refuses names), with the URL's host in Host and, over TLS, as the
// server name. Redirects are not followed (a 3xx is a failed attempt: the Location is unchecked),
// the whole request is bounded in time, and at most MAX_RESPONSE_BYTES of the answer are read.
import 'server-only';
import http from 'node:http';
import https from 'node:https';
import { ipOnlyLookup } from '@/lib/dns/transport/ip-only-lookup';
import type { WebhookUrl } from '@/lib/watch/webhook-target';

export const WEBHOOK_TIMEOUT_MS = 10_000;
export const MAX_RESPONSE_BYTES = 16_384;

export type WebhookAttemptResult = { ok: true; status: number } | { ok: false; status: number | null; error: string };

export interface PostWebhookOptions {
  target: WebhookUrl;
  /** The checked address (webhook-target.ts pickWebhookAddress). */
  address: string;
  body: string;
  headers: Record<string, string>;
  timeoutMs?: number;
}

export function postWebhook(options: PostWebhookOptions): Promise<WebhookAttemptResult> {
  const { target, address, body } = options;
  const timeoutMs = options.timeoutMs ?? WEBHOOK_TIMEOUT_MS;
  const tls = target.url.protocol === 'https:';
  return new Promise((resolve) => {
    let settled = false;
    const finish = (result: WebhookAttemptResult) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      resolve(result);
    };
    const request = (tls ? https : http).request({
      method: 'POST',
      host: address,
      port: target.port,
      path: `${target.url.pathname}${target.url.search}`,
      lookup: ipOnlyLookup as never,
      ...(tls && !target.isIp ? { servername: target.host } : {}),
      agent: false,
      headers: {
        host: target.url.host,
        'content-type': 'application/json',
        'content-length': String(Buffer.byteLength(body)),
        'user-agent': 'zonecut-webhook/1',
        ...options.headers,
      },
    });
    const timer = setTimeout(() => {
      request.destroy();
      finish({ ok: false, status: null, error: `no answer within ${timeoutMs} ms` });
    }, timeoutMs);
    request.on('error', (err) => finish({ ok: false, status: null, error: err.message.slice(0, 200) }));
    request.on('response', (response) => {
      const status = response.statusCode ?? 0;
      let read = 0;
      // Read (and discard) a bounded answer, so a keep-alive-less socket closes cleanly.
      response.on('data', (chunk: Buffer) => {
        read += chunk.length;
        if (read > MAX_RESPONSE_BYTES) response.destroy();
      });
      const done = () =>
        finish(
          status >= 200 && status < 300
            ? { ok: true, status }
            : { ok: false, status, error: status >= 300 && status < 400 ? 'redirect not followed' : `HTTP ${status}` },
        );
      response.on('end', done);
      response.on('close', done);
      response.on('error', done);
    });
    request.end(body);
  });
}
