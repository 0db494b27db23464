// exchangeVerdict: the one reading of an exchange's rcode and AA flag that the evidence list shows
// (lib/report/view/evidence.ts looks it up instead of judging the header itself).
import { describe, expect, it } from 'vitest';
import { exchangeVerdict, isAuthoritativeAnswer } from '@/lib/checks/observations';
import { msg, obs } from '@/lib/checks/test-capture';
import type { ProbePurpose } from '@/lib/dns/capture';

const Q = { name: 'example.test.', type: 'SOA' };
const answer = (purpose: ProbePurpose, input: Parameters<typeof msg>[0]) => obs({ id: 'q1', purpose, server: '192.0.2.1', question: Q, response: msg(input) });

describe('exchangeVerdict', () => {
  it('takes an authoritative NOERROR or NXDOMAIN as an answer', () => {
    expect(exchangeVerdict(answer('apex-soa', { aa: true }))).toBe('answered');
    expect(exchangeVerdict(answer('ns-address', { aa: true, rcode: 'NXDOMAIN' }))).toBe('answered');
  });

  it('says an answer from a zone server without AA is not authoritative, the lame sign', () => {
    for (const purpose of ['apex-soa', 'apex-ns', 'dnskey', 'cds', 'csync', 'soa-tcp'] as const)
      expect(exchangeVerdict(answer(purpose, { aa: false })), purpose).toBe('not-authoritative');
  });

  it('expects no AA of referrals and of questions not put to the zone’s servers', () => {
    for (const purpose of ['referral', 'referral-no-edns', 'resolve', 'resolve-walk', 'takeover', 'validate', 'dsboot'] as const)
      expect(exchangeVerdict(answer(purpose, { aa: false })), purpose).toBe('answered');
  });

  it('takes any other rcode as an error, with or without AA', () => {
    expect(exchangeVerdict(answer('apex-soa', { rcode: 'REFUSED' }))).toBe('error-rcode');
    expect(exchangeVerdict(answer('referral', { rcode: 'SERVFAIL', aa: true }))).toBe('error-rcode');
  });

  it('tells a failed exchange from one that sent nothing', () => {
    const failed = (error: 'timeout' | 'internal' | 'blocked-by-policy' | 'budget-exhausted') =>
      exchangeVerdict(obs({ id: 'q1', purpose: 'apex-soa', server: '192.0.2.1', question: Q, error }));
    expect(failed('timeout')).toBe('failed');
    expect(failed('internal')).toBe('failed');
    expect(failed('blocked-by-policy')).toBe('not-sent');
    expect(failed('budget-exhausted')).toBe('not-sent');
  });
});

describe('isAuthoritativeAnswer', () => {
  it('needs AA and NOERROR or NXDOMAIN', () => {
    expect(isAuthoritativeAnswer(msg({ aa: true }))).toBe(true);
    expect(isAuthoritativeAnswer(msg({ aa: true, rcode: 'NXDOMAIN' }))).toBe(true);
    expect(isAuthoritativeAnswer(msg({ aa: false }))).toBe(false);
    expect(isAuthoritativeAnswer(msg({ aa: true, rcode: 'SERVFAIL' }))).toBe(false);
  });
});
