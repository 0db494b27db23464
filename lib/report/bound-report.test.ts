import { beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '@/lib/config';
import { LAB_SCENARIOS } from '@/lib/lab/manifest';
import { boundReport, storageCutLine } from '@/lib/report/bound-report';
import type { Report } from '@/lib/report/report';
import { isAnalysedByOlderCatalogue } from '@/lib/report/todays-checks';
import { runCheck } from '@/lib/run-check';

const config = loadConfig({});
let big: Report;

beforeAll(async () => {
  const r = await runCheck('big-referral.test', { config });
  if (!r.ok) throw new Error('lab check failed');
  big = r.report;
});

const bytesOf = (o: Report['capture']['observations'][number]) => (o.responseBase64 ? Buffer.from(o.responseBase64, 'base64').length : 0);

describe('boundReport', () => {
  it('keeps every lab report whole with the default limits', async () => {
    let largest = { observations: 0, answerBytes: 0 };
    for (const s of LAB_SCENARIOS) {
      const r = await runCheck(s.check ?? s.zone, { config });
      if (!r.ok) throw new Error(`${s.zone}: ${r.error.message}`);
      expect(boundReport(r.report, config.storageLimits)).toBe(r.report);
      const obs = r.report.capture.observations;
      largest = {
        observations: Math.max(largest.observations, obs.length),
        answerBytes: Math.max(
          largest.answerBytes,
          obs.reduce((n, o) => n + bytesOf(o), 0),
        ),
      };
    }
    // The margin the defaults leave over the largest lab report (big-referral.test: 234 and ~53 KB).
    expect(largest.observations * 4).toBeLessThan(config.storageLimits.observations);
    expect(largest.answerBytes * 20).toBeLessThan(config.storageLimits.answerBytes);
  }, 60_000);

  it('drops observations past the limit, keeping every one a finding cites, in their order', () => {
    const all = big.capture.observations;
    const cited = new Set(big.findings.flatMap((f) => f.evidence));
    const limit = cited.size + 5;
    expect(all.length).toBeGreaterThan(limit);
    const cut = boundReport(big, { observations: limit, answerBytes: 1e9 });
    expect(cut.capture.observations).toHaveLength(limit);
    for (const id of cited) expect(cut.capture.observations.some((o) => o.id === id)).toBe(true);
    const order = all.map((o) => o.id);
    const keptOrder = cut.capture.observations.map((o) => order.indexOf(o.id));
    expect([...keptOrder].sort((a, b) => a - b)).toEqual(keptOrder);
    expect(cut.storageCut).toEqual({
      limits: { observations: limit, answerBytes: 1e9 },
      observations: { total: all.length, dropped: all.length - limit },
      answers: { keptBytes: cut.capture.observations.reduce((n, o) => n + bytesOf(o), 0), cleared: [] },
    });
    // The judgement is the whole check's.
    expect(cut.findings).toBe(big.findings);
    expect(cut.summary).toBe(big.summary);
    expect(big.capture.observations).toHaveLength(all.length); // the original is untouched
  });

  it('keeps answers up to the byte limit, cited ones first, and the rest without their contents', () => {
    const cited = new Set(big.findings.flatMap((f) => f.evidence));
    const citedBytes = big.capture.observations.filter((o) => cited.has(o.id)).reduce((n, o) => n + bytesOf(o), 0);
    const limit = citedBytes + 2000;
    const cut = boundReport(big, { observations: 10_000, answerBytes: limit });
    const kept = cut.capture.observations;
    expect(kept).toHaveLength(big.capture.observations.length);
    const keptBytes = kept.reduce((n, o) => n + bytesOf(o), 0);
    expect(keptBytes).toBeLessThanOrEqual(limit);
    expect(cut.storageCut?.answers.keptBytes).toBe(keptBytes);
    const cleared = new Set(cut.storageCut?.answers.cleared);
    expect(cleared.size).toBeGreaterThan(0);
    for (const o of kept) {
      if (cleared.has(o.id)) {
        expect(o.response).toBeUndefined();
        expect(o.responseBase64).toBeUndefined();
        expect(cited.has(o.id)).toBe(false);
        expect(o.attempts.length).toBeGreaterThan(0); // who was asked what, and how it went, stays
      } else if (cited.has(o.id)) {
        expect(o.responseBase64).toBe(big.capture.observations.find((b) => b.id === o.id)?.responseBase64);
      }
    }
  });

  it('says on the page what was cut, and keeps today’s checks off a cut capture', () => {
    expect(storageCutLine(undefined)).toBeNull();
    const cut = boundReport(big, { observations: 100, answerBytes: 8 * 1024 });
    expect(storageCutLine(cut.storageCut)).toBe(
      `This report is larger than zonecut keeps: ${big.capture.observations.length - 100} of its ${big.capture.observations.length} queries are not kept (at most 100 per report); ` +
        `${cut.storageCut?.answers.cleared.length} answers are kept without their contents (at most 8 KiB of answers per report). The findings were made from the whole check.`,
    );
    expect(isAnalysedByOlderCatalogue({ ...big, catalogueVersion: 1 }, big.catalogueVersion + 1)).toBe(true);
    expect(isAnalysedByOlderCatalogue({ ...cut, catalogueVersion: 1 }, big.catalogueVersion + 1)).toBe(false);
  });
});
