import { afterEach, describe, expect, it, vi } from 'vitest';
import { checkStreamResponse, isCheckStreamLine, readCheckStream, type CheckRunner, type CheckStreamLine } from '@/lib/api/check-stream';
import { CATALOGUE, findingTexts } from '@/lib/checks/catalogue';
import type { Report } from '@/lib/report/report';
import type { SummaryView } from '@/lib/report/view/summary';

afterEach(() => vi.restoreAllMocks());

async function lines(response: Response): Promise<CheckStreamLine[]> {
  const out: CheckStreamLine[] = [];
  for await (const line of readCheckStream(response.body!)) out.push(line);
  return out;
}

const report = {
  domain: 'example.test.',
  findings: [{ code: 'ns.lame', severity: 'warning', zone: 'example.test.', summary: 'lame', params: {}, evidence: [] }],
} as unknown as Report;

// The route hands in lib/report/report-words; this stand-in shows what is passed through.
const summary: SummaryView = { overall: { status: 'warning', message: '1 warning', headline: 'Lame nameserver' }, note: null, own: [0], context: [] };
const words = (r: Report) => ({ texts: findingTexts(r.findings), summary });

describe('checkStreamResponse', () => {
  it('sends each event as it comes, then the report', async () => {
    const run: CheckRunner = async (input, { onEvent }) => {
      onEvent({ type: 'start', target: `${input}.`, at: '2026-01-01T00:00:00.000Z' });
      onEvent({ type: 'done', outcome: 'complete', queries: 0, durationMs: 1 });
      return { ok: true, report };
    };
    const response = checkStreamResponse(run, words, 'example.test');
    expect((await lines(response)).map((l) => l.type)).toEqual(['start', 'done', 'report']);
  });

  it('puts the stored id and the permalink on the report line', async () => {
    const run: CheckRunner = async () => ({ ok: true, report, stored: { id: 'abcdefghij0123456789' } });
    const all = await lines(checkStreamResponse(run, words, 'example.test'));
    expect(all.at(-1)).toEqual({
      type: 'report',
      report,
      texts: { 'ns.lame': expect.objectContaining({ title: CATALOGUE['ns.lame'].title }) },
      summary,
      id: 'abcdefghij0123456789',
      url: '/r/abcdefghij0123456789',
    });
  });

  it('ends with an error line, without internals, when the check fails mid-stream', async () => {
    const log = vi.spyOn(console, 'error').mockImplementation(() => {});
    const run: CheckRunner = async (input, { onEvent }) => {
      onEvent({ type: 'start', target: `${input}.`, at: '2026-01-01T00:00:00.000Z' });
      throw new Error('disk /var/lib/zonecut is full');
    };
    const all = await lines(checkStreamResponse(run, words, 'example.test'));
    expect(all).toEqual([
      { type: 'start', target: 'example.test.', at: '2026-01-01T00:00:00.000Z' },
      { type: 'error', error: { code: 'internal', message: 'Internal error' } },
    ]);
    expect(log).toHaveBeenCalledOnce();
  });

  it('aborts the check when the request is aborted or the body cancelled', async () => {
    for (const how of ['request', 'cancel'] as const) {
      const client = new AbortController();
      let seen: AbortSignal | undefined;
      const run: CheckRunner = (_, { signal }) => {
        seen = signal;
        return new Promise((resolve) => signal.addEventListener('abort', () => resolve({ ok: true, report })));
      };
      const response = checkStreamResponse(run, words, 'example.test', client.signal);
      expect(seen?.aborted).toBe(false);
      if (how === 'request') client.abort();
      else await response.body!.cancel();
      expect(seen?.aborted).toBe(true);
    }
  });

  it('aborts at once when the request is already aborted', async () => {
    const run: CheckRunner = async (_, { signal }) => {
      expect(signal.aborted).toBe(true);
      return { ok: true, report };
    };
    expect((await lines(checkStreamResponse(run, words, 'example.test', AbortSignal.abort()))).map((l) => l.type)).toEqual(['report']);
  });
});

describe('isCheckStreamLine', () => {
  it('knows the line types', () => {
    expect(isCheckStreamLine({ type: 'cut', zone: '.', parent: null, nameservers: [] })).toBe(true);
    expect(isCheckStreamLine({ type: 'report', report, texts: {} })).toBe(true);
    expect(isCheckStreamLine({ type: 'something-new' })).toBe(false);
    expect(isCheckStreamLine('start')).toBe(false);
  });
});
