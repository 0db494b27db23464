import { describe, expect, it } from 'vitest';
import { captureBuilder, EXAMPLE, findings, obs, one } from '@/lib/checks/test-capture';

describe('check.budget-exhausted', () => {
  it('notes (notice) a walk that stopped at a limit, citing the queries not sent', () => {
    const c = captureBuilder('www.example.test.')
      .cut('example.test.', EXAMPLE)
      .observe(
        obs({
          id: 'not sent',
          purpose: 'apex-soa',
          zone: 'example.test.',
          server: '192.0.2.9',
          question: { name: 'example.test.', type: 'SOA' },
          error: 'budget-exhausted',
        }),
      )
      .set({
        outcome: 'budget-exhausted',
        budget: { limits: { queries: 50, depth: 16, names: 32, timeMs: 20000 }, used: { queries: 50, depth: 2, names: 3, timeMs: 900 }, exhausted: 'queries' },
      })
      .build();
    const f = one(c, 'check.budget-exhausted');
    expect(f).toMatchObject({
      severity: 'notice',
      zone: 'example.test.',
      params: { target: 'www.example.test.', limit: 'queries', used: 50, max: 50 },
      evidence: ['not sent'],
    });
    expect(f.summary).toBe('The check of www.example.test. stopped at its queries limit (50 of 50): findings may be incomplete');
  });
  it('does not fire for a complete walk', () => {
    expect(findings(captureBuilder().cut('example.test.', EXAMPLE).build(), 'check.budget-exhausted')).toEqual([]);
  });
});
