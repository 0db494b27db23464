import { describe, expect, test } from 'vitest';
import { canonicalName, dsbootSignalName, fqdn, isInDomain, isSameName, isSubdomain, labelCount, labels, parentName } from '@/lib/dns/wire/name';
import { labelsToName, parseName } from '@/lib/dns/wire/name-text';
import { WireFormatError } from '@/lib/dns/wire/wire-error';

describe('name helpers', () => {
  test.each([
    ['', '.'],
    ['.', '.'],
    ['example.com', 'example.com.'],
    ['example.com.', 'example.com.'],
    ['a\\.', 'a\\..'],
    ['a\\\\.', 'a\\\\.'],
  ])('fqdn(%j) = %j', (input, want) => expect(fqdn(input)).toBe(want));

  test.each([
    ['Example.COM', 'example.com.'],
    ['.', '.'],
    ['', '.'],
    ['\\065bc.example.', 'abc.example.'],
    ['A\\.B.example.', 'a\\.b.example.'],
    ['\\255.\\032X.', '\\255.\\032x.'],
    ['ÄB.example.', '\\195\\132b.example.'],
    ['*.Example.', '*.example.'],
    ['a..b', 'a..b.'],
  ])('canonicalName(%j) = %j', (input, want) => expect(canonicalName(input)).toBe(want));

  test.each([
    ['www.example.com.', ['www', 'example', 'com']],
    ['.', []],
    ['a\\.b.c', ['a\\.b', 'c']],
    ['\\046x.\\\\.', ['\\046x', '\\\\']],
  ])('labels(%j)', (input, want) => expect(labels(input)).toEqual(want));

  test('labelCount and parentName', () => {
    expect(labelCount('www.example.com.')).toBe(3);
    expect(labelCount('.')).toBe(0);
    expect(parentName('www.example.com.')).toBe('example.com.');
    expect(parentName('com.')).toBe('.');
    expect(parentName('.')).toBeNull();
    expect(parentName('a\\.b.example.')).toBe('example.');
  });

  test.each([
    ['www.example.com.', 'example.com.', true],
    ['example.com.', 'example.com.', true],
    ['WWW.Example.Com', 'example.COM.', true],
    ['anything.', '.', true],
    ['.', '.', true],
    ['example.com.', 'www.example.com.', false],
    ['badexample.com.', 'example.com.', false],
    // One label `a.example`, then `com`: not under example.com.
    ['a\\.example.com.', 'example.com.', false],
    ['a\\.example.com.', 'com.', true],
    ['x.a\\.example.com.', 'a\\.example.com.', true],
  ])('isSubdomain(%j, %j) = %s', (child, parent, want) => expect(isSubdomain(child, parent)).toBe(want));

  test('isInDomain: NS names at or below the zone', () => {
    expect(isInDomain('ns1.example.com.', 'example.com.')).toBe(true);
    expect(isInDomain('ns1.example.net.', 'example.com.')).toBe(false);
    expect(isInDomain('ns.sub.example.com.', 'example.com.')).toBe(true);
    expect(isSameName('A.example', 'a.EXAMPLE.')).toBe(true);
  });
});

describe('the fast paths give what the label-by-label reading gives', () => {
  // isSubdomain compares suffixes when no escape or empty label can hide a separator; this is the
  // reading it stands in for, label by label, on the canonical forms.
  const byLabels = (child: string, parent: string) => {
    const c = labels(canonicalName(child));
    const p = labels(canonicalName(parent));
    return p.length <= c.length && p.every((label, i) => c[c.length - p.length + i] === label);
  };
  const odd = [
    '.',
    '',
    'com.',
    'COM',
    'example.com.',
    'Example.COM',
    'www.example.com.',
    'badexample.com.',
    'a\\.example.com.',
    'x.a\\.example.com.',
    'a\\\\.example.com.',
    '\\065.example.com.',
    '\\.com.',
    'a..example.com.',
    '.example.com.',
    '..',
    'example..com',
    'a\\',
    'com\\.',
    '\\099om.',
    '*.example.com.',
    'ÄB.example.com.',
  ];
  test.each(odd.flatMap((child) => odd.map((parent) => [child, parent])))('isSubdomain(%j, %j)', (child, parent) => {
    expect(isSubdomain(child, parent)).toBe(byLabels(child, parent));
  });

  test('a name asked again, or after the table has been refilled, reads the same', () => {
    const first = odd.map(canonicalName);
    expect(odd.map(canonicalName)).toEqual(first);
    // Past the table's bound (4096 names): the first ones are worked out again, the same way.
    for (let i = 0; i < 5000; i++) expect(canonicalName(`Host${i}.Example.`)).toBe(`host${i}.example.`);
    expect(odd.map(canonicalName)).toEqual(first);
    expect(canonicalName('Host0.Example.')).toBe('host0.example.');
  });
});

describe('presentation form (RFC 1035 5.1)', () => {
  const octets = (name: string) => parseName(name).map((l) => Buffer.from(l).toString('hex'));

  test.each([
    ['example.com.', ['6578616d706c65', '636f6d']],
    ['a\\.b.c', ['612e62', '63']],
    ['\\\\.', ['5c']],
    ['\\000\\255.', ['00ff']],
    ['\\"\\(\\)\\;\\@\\$.', ['2228293b4024']],
    ['ü.', ['c3bc']],
    ['.', []],
  ])('parse %j', (name, want) => expect(octets(name)).toEqual(want));

  test('render escapes exactly the octets dig escapes, and parsing takes them back', () => {
    const all = Uint8Array.from({ length: 256 }, (_, i) => i);
    const labelsIn = [all.subarray(0, 63), all.subarray(63, 126), all.subarray(126, 189), all.subarray(189, 250)];
    const text = labelsToName(labelsIn);
    expect(text.startsWith('\\000\\001')).toBe(true);
    expect(text).toContain('\\"#\\$%&\'\\(\\)*+,-\\.');
    expect(parseName(text).map((l) => Buffer.from(l).toString('hex'))).toEqual(labelsIn.map((l) => Buffer.from(l).toString('hex')));
  });

  test.each([
    ['a..b.', 'bad-name'],
    ['.a.', 'bad-name'],
    ['a\\', 'bad-name'],
    ['a\\25.', 'bad-name'],
    ['a\\256.', 'bad-name'],
    ['a'.repeat(64) + '.', 'label-too-long'],
    [Array(4).fill('a'.repeat(63)).join('.') + '.', 'name-too-long'],
  ])('%j is refused: %s', (name, kind) => {
    try {
      parseName(name);
      expect.unreachable();
    } catch (e) {
      expect(e).toBeInstanceOf(WireFormatError);
      expect((e as WireFormatError).kind).toBe(kind);
    }
  });

  test('exactly 255 octets is allowed', () => {
    const name = [...Array(3).fill('a'.repeat(63)), 'a'.repeat(61)].join('.') + '.';
    expect(parseName(name)).toHaveLength(4);
  });
});

describe('dsbootSignalName', () => {
  test('RFC 9615 4.1: _dsboot.<child>._signal.<NS name>, canonical', () => {
    expect(dsbootSignalName('Example.CO.uk', 'NS1.example.net.')).toBe('_dsboot.example.co.uk._signal.ns1.example.net.');
    expect(dsbootSignalName('example.co.uk.', 'ns2.example.org')).toBe('_dsboot.example.co.uk._signal.ns2.example.org.');
  });
});
