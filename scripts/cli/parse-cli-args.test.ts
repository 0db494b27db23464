import { describe, expect, it } from 'vitest';
import { parseCliArgs } from '@/scripts/cli/parse-cli-args';

const env = { ZONECUT_ROOT_HINTS: '192.0.2.1', ZONECUT_LAB: 'on', PATH: '/bin' };

describe('parseCliArgs', () => {
  it('check <domain> keeps the environment as it is', () => {
    expect(parseCliArgs(['check', 'example.com'], env)).toEqual({ kind: 'check', domain: 'example.com', json: false, timeoutMs: undefined, env, flags: {} });
  });

  it('flags override the environment through the same variables', () => {
    const r = parseCliArgs(
      [
        'check',
        '--json',
        'example.com',
        '--root-hints',
        '127.53.2.1',
        '--doh',
        'https://127.0.0.1/dns-query',
        '--resolve',
        'walk',
        '--allow',
        '127.53.0.0/16',
        '--ipv6',
        'off',
        '--no-lab',
        '--timeout',
        '800',
      ],
      env,
    );
    expect(r).toMatchObject({
      kind: 'check',
      domain: 'example.com',
      json: true,
      timeoutMs: 800,
      env: {
        ZONECUT_ROOT_HINTS: '127.53.2.1',
        ZONECUT_DOH_URL: 'https://127.0.0.1/dns-query',
        ZONECUT_RESOLVE: 'walk',
        ZONECUT_ALLOW_TARGETS: '127.53.0.0/16',
        ZONECUT_IPV6: 'off',
        ZONECUT_LAB: 'off',
        PATH: '/bin',
      },
      flags: { ZONECUT_ROOT_HINTS: '--root-hints', ZONECUT_RESOLVE: '--resolve', ZONECUT_IPV6: '--ipv6', ZONECUT_LAB: '--no-lab' },
    });
  });

  it.each([
    [['--help'], 'help'],
    [['check', 'x', '-h'], 'help'],
  ])('%j → %s', (argv, kind) => {
    expect(parseCliArgs(argv, {}).kind).toBe(kind);
  });

  it.each([
    [[], /missing the command/],
    [['verify', 'x'], /unknown command "verify"/],
    [['check'], /missing the domain/],
    [['check', 'a', 'b'], /one domain at a time/],
    [['check', 'x', '--jsn'], /^Unknown option '--jsn'$/],
    [['check', 'x', '--timeout'], /--timeout/],
    [['check', 'x', '--timeout', '0'], /--timeout takes milliseconds/],
    [['check', 'x', '--timeout', '1.5'], /--timeout takes milliseconds/],
    [['check', 'x', '--timeout', '600000'], /--timeout takes milliseconds/],
  ])('%j is a usage error', (argv, message) => {
    const r = parseCliArgs(argv, {});
    expect(r.kind).toBe('usage-error');
    if (r.kind === 'usage-error') expect(r.message).toMatch(message);
  });
});
