import { describe, expect, it } from 'vitest';
import { csvField } from '@/lib/scans/scan-export';
import { parseScanNames } from '@/lib/scans/parse-scan-names';

describe('csvField', () => {
  it('quotes commas, quotes and line breaks, and disarms spreadsheet formulas', () => {
    expect(csvField('example.com')).toBe('example.com');
    expect(csvField('a,b')).toBe('"a,b"');
    expect(csvField('say "hi"')).toBe('"say ""hi"""');
    expect(csvField('two\nlines')).toBe('"two\nlines"');
    expect(csvField('=HYPERLINK("x")')).toBe(`"'=HYPERLINK(""x"")"`);
    expect(csvField('+1')).toBe("'+1");
    expect(csvField(null)).toBe('');
    expect(csvField(3)).toBe('3');
  });
});

describe('parseScanNames', () => {
  it('reads JSON arrays, {"names": [...]} and lines alike, normalising and de-duplicating', () => {
    const fromLines = parseScanNames('Example.COM\nhttps://example.com/path\n\nexample.net.\n', 'text/plain');
    const fromJson = parseScanNames('["Example.COM", "https://example.com/path", "example.net."]', 'application/json');
    const fromObject = parseScanNames('{"names": ["Example.COM", "https://example.com/path", "example.net."]}');
    for (const r of [fromLines, fromJson, fromObject])
      expect(r).toEqual({ ok: true, value: { names: ['example.com', 'example.net'], invalid: [], duplicates: 1 } });
  });

  it('keeps each invalid entry once, with its code', () => {
    const r = parseScanNames('ok.test\n1.2.3.4\n1.2.3.4\nbad..name\n');
    expect(r.ok && r.value.invalid.map((e) => [e.input, e.code])).toEqual([
      ['1.2.3.4', 'ip-address'],
      ['bad..name', 'empty-label'],
    ]);
    expect(r.ok && r.value.duplicates).toBe(1);
  });

  it('two long invalid entries that differ only past what is kept of them are one entry', () => {
    const long = 'x'.repeat(400);
    const r = parseScanNames(JSON.stringify([`${long} one`, `${long} two`]), 'application/json');
    expect(r.ok && r.value.invalid.map((e) => e.input.length)).toEqual([300]);
    expect(r.ok && r.value.duplicates).toBe(1);
  });
});
