import { describe, expect, it } from 'vitest';
import { liveAnswerStatus, withAnswerStatus } from '@/lib/checks/live-answer';
import { msg, obs, rr } from '@/lib/checks/test-capture';
import type { ProbePurpose } from '@/lib/dns/capture';

const SOA = { mname: 'ns1.example.test.', rname: 'hostmaster.example.test.', serial: 7, refresh: 1, retry: 1, expire: 1, minimum: 1 };
const ask = (purpose: ProbePurpose, more: Partial<Parameters<typeof obs>[0]> = {}) =>
  obs({ id: 'q1', purpose, zone: 'example.test.', server: '192.0.2.1', question: { name: 'example.test.', type: 'SOA' }, ...more });
const authoritative = msg({ aa: true, answer: [rr('example.test.', 'SOA', SOA)] });

describe('liveAnswerStatus', () => {
  it('judges apex answers as the checks do, in the findings words', () => {
    expect(liveAnswerStatus(ask('apex-soa', { response: authoritative }))).toEqual({ kind: 'authoritative' });
    expect(liveAnswerStatus(ask('apex-soa', { response: msg({ rcode: 'REFUSED' }) }))).toEqual({ kind: 'lame', reason: 'refused', detail: 'REFUSED' });
    expect(liveAnswerStatus(ask('apex-ns', { response: msg({ answer: [rr('example.test.', 'SOA', SOA)] }) }))).toMatchObject({
      kind: 'lame',
      reason: 'not-authoritative',
    });
    expect(liveAnswerStatus(ask('apex-soa', { error: 'timeout' }))).toEqual({ kind: 'unreachable', detail: 'no response (timeout)' });
  });

  it('gives no verdict on EDNS trouble, on what was never sent, or on other questions', () => {
    expect(liveAnswerStatus(ask('apex-soa', { response: msg({ rcode: 'FORMERR', edns: false }) }))).toBeNull();
    expect(liveAnswerStatus(ask('apex-soa', { error: 'blocked-by-policy' }))).toBeNull();
    expect(liveAnswerStatus(ask('referral', { response: msg({ rcode: 'REFUSED' }) }))).toBeNull();
  });

  it('says when the SOA over TCP fails, and nothing when it is answered', () => {
    expect(liveAnswerStatus(ask('soa-tcp', { tcp: true, error: 'refused-connection' }))).toEqual({ kind: 'tcp-broken', detail: 'TCP connection refused' });
    expect(liveAnswerStatus(ask('soa-tcp', { tcp: true, response: msg({ rcode: 'SERVFAIL' }) }))).toEqual({ kind: 'tcp-broken', detail: 'SERVFAIL over TCP' });
    expect(liveAnswerStatus(ask('soa-tcp', { tcp: true, response: authoritative }))).toBeNull();
  });

  it('adds the verdict to answer events only', () => {
    const o = ask('apex-soa', { response: msg({ rcode: 'REFUSED' }) });
    const answer = { type: 'answer', id: 'q1', zone: 'example.test.', purpose: 'apex-soa', rttMs: 1, rcode: 'REFUSED', aa: false } as const;
    expect(withAnswerStatus(answer, o)).toEqual({ ...answer, status: { kind: 'lame', reason: 'refused', detail: 'REFUSED' } });
    const done = { type: 'done', outcome: 'complete', queries: 1, durationMs: 1 } as const;
    expect(withAnswerStatus(done, o)).toBe(done);
  });
});
