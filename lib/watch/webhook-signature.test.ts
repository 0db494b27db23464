import { createHmac } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { newWebhookSecret, signWebhook, verifyWebhookSignature, webhookSignatureHeaders } from '@/lib/watch/webhook-signature';

const now = new Date('2026-12-03T12:00:00Z');
const secret = 'whsec_test';
const body = '{"type":"watch.changed"}';

describe('webhook signature', () => {
  it('is the HMAC-SHA256 of "<timestamp>.<body>" in hex, as the README tells receivers', () => {
    const ts = 1_764_763_200;
    const independent = createHmac('sha256', secret).update(`${ts}.${body}`).digest('hex');
    expect(signWebhook(secret, ts, body)).toBe(`sha256=${independent}`);
  });

  it('verifies what it signed', () => {
    const h = webhookSignatureHeaders(secret, body, now);
    expect(h['x-zonecut-timestamp']).toBe(String(now.getTime() / 1000));
    expect(verifyWebhookSignature(secret, body, { timestamp: h['x-zonecut-timestamp'], signature: h['x-zonecut-signature'] }, now)).toBe(true);
  });

  it('refuses another body, another secret, another timestamp, a stale one, a malformed one', () => {
    const h = webhookSignatureHeaders(secret, body, now);
    const ok = { timestamp: h['x-zonecut-timestamp'], signature: h['x-zonecut-signature'] };
    expect(verifyWebhookSignature(secret, `${body} `, ok, now)).toBe(false);
    expect(verifyWebhookSignature('whsec_other', body, ok, now)).toBe(false);
    expect(verifyWebhookSignature(secret, body, { ...ok, timestamp: String(Number(ok.timestamp) + 1) }, now)).toBe(false);
    expect(verifyWebhookSignature(secret, body, ok, new Date(now.getTime() + 301_000))).toBe(false);
    expect(verifyWebhookSignature(secret, body, { ...ok, timestamp: '1e9' }, now)).toBe(false);
    expect(verifyWebhookSignature(secret, body, { ...ok, signature: null }, now)).toBe(false);
  });

  it('secrets are fresh, 256 bits', () => {
    const a = newWebhookSecret();
    expect(a).toMatch(/^whsec_[A-Za-z0-9_-]{43}$/);
    expect(newWebhookSecret()).not.toBe(a);
  });
});
