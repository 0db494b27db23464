import { describe, expect, it } from 'vitest';
import { normalizeDomain } from './normalize-domain';

describe('normalizeDomain accepts', () => {
  it.each([
    ['example.com', 'example.com'],
    ['Example.COM.', 'example.com'],
    ['  example.com  ', 'example.com'],
    ['https://www.example.com:8443/x?y', 'www.example.com'],
    ['http://user:pw@Example.org/path#frag', 'example.org'],
    ['example.net:53', 'example.net'],
    ['bücher.de', 'xn--bcher-kva.de'],
    ['BÜCHER.de', 'xn--bcher-kva.de'],
    ['münchen.de.', 'xn--mnchen-3ya.de'],
    ['faß.de', 'xn--fa-hia.de'],
    ['xn--bcher-kva.de', 'xn--bcher-kva.de'],
    ['_dmarc.example.com', '_dmarc.example.com'],
    ['a.b.c.deep.test', 'a.b.c.deep.test'],
    ['com', 'com'],
    [`${'a'.repeat(63)}.com`, `${'a'.repeat(63)}.com`],
    [`${Array(4).fill('a'.repeat(62)).join('.')}.x`, `${Array(4).fill('a'.repeat(62)).join('.')}.x`],
  ])('%s → %s', (input, domain) => {
    const r = normalizeDomain(input);
    expect(r).toEqual({ ok: true, domain, fqdn: `${domain}.` });
  });
});

describe('normalizeDomain rejects', () => {
  it.each([
    ['', 'empty', /enter a domain/i],
    ['   ', 'empty', /enter a domain/i],
    ['.', 'empty', /enter a domain/i],
    ['https://', 'empty', /enter a domain/i],
    ['192.0.2.1', 'ip-address', /IP address/],
    ['2001:db8::1', 'ip-address', /IP address/],
    ['[2001:db8::1]', 'ip-address', /IP address/],
    ['https://[2001:db8::1]:443/', 'ip-address', /IP address/],
    ['hostmaster@example.com', 'email-address', /e-mail.*example\.com/],
    ['mailto:a@b.example', 'email-address', /e-mail/],
    [`${'a'.repeat(64)}.com`, 'label-too-long', /64 octets.*63/],
    [`${Array(5).fill('a'.repeat(50)).join('.')}.com`, 'name-too-long', /258 characters.*253/],
    ['a..b', 'empty-label', /empty label/],
    ['.example.com', 'empty-label', /empty label/],
    ['exa mple.com', 'invalid-character', /spaces/],
    ['exa!mple.com', 'invalid-character', /"!"/],
    ['<script>.com', 'invalid-character', /"<"/],
    ['-bad-.example', 'invalid-hyphen', /hyphen/],
    ['xn--abc-.com', 'invalid-hyphen', /hyphen/],
    ['xn--zz.com', 'invalid-idn', /Punycode/],
  ] as const)('%j (%s)', (input, code, message) => {
    const r = normalizeDomain(input);
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(r.code).toBe(code);
    expect(r.message).toMatch(message);
  });
});
