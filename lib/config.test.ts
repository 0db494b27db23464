import { describe, expect, it } from 'vitest';
import {
  ConfigError,
  DEFAULT_BADGE_MAX_AGE,
  DEFAULT_CHECKS_PER_MINUTE,
  DEFAULT_DOH_URL,
  DEFAULT_MAX_CONCURRENT_CHECKS,
  IANA_ROOT_HINTS,
  IANA_TRUST_ANCHOR,
  loadConfig,
  parseHostPort,
} from './config';

const noFiles = {
  readFile: (p: string): string => {
    throw new Error(`ENOENT: ${p}`);
  },
};

describe('loadConfig defaults', () => {
  const c = loadConfig({});
  it('points at the real internet without connecting anywhere', () => {
    expect(c.rootHintsAreIana).toBe(true);
    expect(c.rootHints).toHaveLength(26);
    expect(c.rootHints[0]).toEqual({ address: '198.41.0.4', port: 53 });
    expect(c.rootHints.map((h) => h.address)).toContain('2001:dc3::35');
    expect(c.dohUrl).toBe(DEFAULT_DOH_URL);
    expect(new URL(c.dohUrl).hostname).toBe('1.1.1.1');
    expect(c.trustAnchorText).toBe(IANA_TRUST_ANCHOR);
    expect(IANA_TRUST_ANCHOR).toMatch(/20326 8 2 E06D44B8/);
    expect(IANA_TRUST_ANCHOR).toMatch(/38696 8 2 683D2D0A/);
  });
  it('serves the lab, embedded database, port 3000, no Redis, no allow-list', () => {
    expect(c.lab).toBe(true);
    expect(c.database).toEqual({ kind: 'embedded', dir: './data' });
    expect(c.port).toBe(3000);
    expect(c.redisUrl).toBeNull();
    expect(c.allowTargets).toEqual([]);
  });
  it('every IANA root hint is a valid address on port 53', () => {
    for (const h of IANA_ROOT_HINTS) expect(parseHostPort(h.address)).toEqual(h);
  });
});

describe('loadConfig honours every variable', () => {
  it('parses a private hierarchy', () => {
    const c = loadConfig(
      {
        ZONECUT_ROOT_HINTS: '127.53.0.1, 127.53.0.2:5300,[::1]:5353, ::1',
        ZONECUT_DOH_URL: 'https://127.0.0.1:8443/dns-query',
        ZONECUT_TRUST_ANCHOR: '/etc/anchor.zone',
        ZONECUT_ALLOW_TARGETS: '127.53.0.0/16,::1',
        ZONECUT_LAB: 'off',
        DATABASE_URL: 'postgres://zonecut@127.0.0.1:5432/zonecut',
        REDIS_URL: 'redis://127.0.0.1:6379',
        PORT: '8080',
      },
      { readFile: () => '. IN DS 1 13 2 abcd' },
    );
    expect(c.rootHints).toEqual([
      { address: '127.53.0.1', port: 53 },
      { address: '127.53.0.2', port: 5300 },
      { address: '::1', port: 5353 },
      { address: '::1', port: 53 },
    ]);
    expect(c.rootHintsAreIana).toBe(false);
    expect(c.dohUrl).toBe('https://127.0.0.1:8443/dns-query');
    expect(c.trustAnchorText).toContain('DS 1 13 2');
    expect(c.trustAnchorSource).toBe('/etc/anchor.zone');
    expect(c.allowTargets.map(([ip, bits]) => `${ip.toString()}/${bits}`)).toEqual(['127.53.0.0/16', '::1/128']);
    expect(c.lab).toBe(false);
    expect(c.ipv6).toBe('auto');
    expect(loadConfig({ ZONECUT_IPV6: 'OFF' }).ipv6).toBe('off');
    expect(loadConfig({ ZONECUT_IPV6: 'on' }).ipv6).toBe('on');
    expect(c.labSwitches).toBe(false);
    expect(loadConfig({ ZONECUT_LAB_SWITCHES: 'on' }).labSwitches).toBe(true);
    expect(c.database).toEqual({ kind: 'postgres', url: 'postgres://zonecut@127.0.0.1:5432/zonecut' });
    expect(c.redisUrl).toBe('redis://127.0.0.1:6379');
    expect(c.port).toBe(8080);
  });
  it('looks NS names up through the resolver by default, or by walking only (ZONECUT_RESOLVE)', () => {
    expect(loadConfig({}).resolve).toBe('doh');
    expect(loadConfig({ ZONECUT_RESOLVE: 'walk' }).resolve).toBe('walk');
    expect(loadConfig({ ZONECUT_RESOLVE: ' WALK ' }).resolve).toBe('walk');
    expect(loadConfig({ ZONECUT_RESOLVE: 'doh' }).resolve).toBe('doh');
  });
  it('treats empty variables as unset', () => {
    expect(loadConfig({ ZONECUT_ROOT_HINTS: '', PORT: ' ' }).port).toBe(3000);
  });
  it('takes a directory for the embedded database', () => {
    expect(loadConfig({ DATABASE_URL: '/var/lib/zonecut' }).database).toEqual({ kind: 'embedded', dir: '/var/lib/zonecut' });
  });
});

describe('loadConfig names the bad variable', () => {
  it.each([
    [{ ZONECUT_ROOT_HINTS: 'a.root-servers.net' }, /ZONECUT_ROOT_HINTS: "a.root-servers.net" is not an IP address/],
    [{ ZONECUT_ROOT_HINTS: '127.0.0.1:99999' }, /ZONECUT_ROOT_HINTS/],
    [{ ZONECUT_ROOT_HINTS: ',' }, /ZONECUT_ROOT_HINTS is set but empty/],
    [{ ZONECUT_DOH_URL: 'https://dns.google/dns-query' }, /ZONECUT_DOH_URL must name its server by IP address/],
    [{ ZONECUT_DOH_URL: 'ftp://1.1.1.1/' }, /ZONECUT_DOH_URL must be an https/],
    [{ ZONECUT_DOH_URL: 'not a url' }, /ZONECUT_DOH_URL: "not a url" is not a URL/],
    [{ ZONECUT_ALLOW_TARGETS: '127.53.0.0/40' }, /ZONECUT_ALLOW_TARGETS: "127.53.0.0\/40"/],
    [{ ZONECUT_LAB: 'maybe' }, /ZONECUT_LAB must be "on" or "off"/],
    [{ ZONECUT_IPV6: 'yes' }, /ZONECUT_IPV6 must be "auto", "on" or "off", got "yes"/],
    [{ ZONECUT_RESOLVE: 'iterative' }, /ZONECUT_RESOLVE must be "doh" .* or "walk" .*, got "iterative"/],
    [{ ZONECUT_LAB_SWITCHES: 'sometimes' }, /ZONECUT_LAB_SWITCHES must be "on" or "off"/],
    [{ DATABASE_URL: 'mysql://x' }, /DATABASE_URL must be postgres/],
    [{ REDIS_URL: 'http://x' }, /REDIS_URL must be redis/],
    [{ REDIS_URL: 'redis://cache.internal:6379' }, /REDIS_URL must name its server by IP address/],
    [{ PORT: '0' }, /PORT must be a number from 1 to 65535/],
    [{ PORT: 'http' }, /PORT must be a number/],
  ])('%j', (env, message) => {
    expect(() => loadConfig(env)).toThrow(ConfigError);
    expect(() => loadConfig(env)).toThrow(message);
  });
  it('reports every bad variable at once', () => {
    expect(() => loadConfig({ PORT: 'x', ZONECUT_LAB: 'x' })).toThrow(/PORT[\s\S]*ZONECUT_LAB|ZONECUT_LAB[\s\S]*PORT/);
  });
  it('says when the trust anchor cannot be read or holds no key', () => {
    expect(() => loadConfig({ ZONECUT_TRUST_ANCHOR: '/nope' }, noFiles)).toThrow(/ZONECUT_TRUST_ANCHOR: cannot read \/nope/);
    expect(() => loadConfig({ ZONECUT_TRUST_ANCHOR: '/x' }, { readFile: () => '; nothing' })).toThrow(/holds no DS or DNSKEY/);
  });
});

describe('ZONECUT_BADGE_MAX_AGE', () => {
  it('defaults to one hour', () => {
    expect(loadConfig({}).badgeMaxAgeSeconds).toBe(DEFAULT_BADGE_MAX_AGE);
    expect(DEFAULT_BADGE_MAX_AGE).toBe(3600);
  });
  it.each([
    ['600', 600],
    ['0', 0],
    [' 86400 ', 86400],
    ['2592000', 2592000],
  ])('takes %j seconds', (value, seconds) => {
    expect(loadConfig({ ZONECUT_BADGE_MAX_AGE: value }).badgeMaxAgeSeconds).toBe(seconds);
  });
  it.each(['-1', '1h', '1.5', '2592001', '1e3'])('refuses %j and names the variable', (value) => {
    expect(() => loadConfig({ ZONECUT_BADGE_MAX_AGE: value })).toThrow(/ZONECUT_BADGE_MAX_AGE must be a whole number of seconds/);
  });
});

describe('ZONECUT_MAX_CONCURRENT_CHECKS and ZONECUT_CHECKS_PER_MINUTE', () => {
  it('default to 32 checks at once and 10 a minute per client', () => {
    const c = loadConfig({});
    expect(c.maxConcurrentChecks).toBe(DEFAULT_MAX_CONCURRENT_CHECKS);
    expect(DEFAULT_MAX_CONCURRENT_CHECKS).toBe(32);
    expect(c.checksPerMinute).toBe(DEFAULT_CHECKS_PER_MINUTE);
    expect(DEFAULT_CHECKS_PER_MINUTE).toBe(10);
  });
  it('take whole numbers', () => {
    const c = loadConfig({ ZONECUT_MAX_CONCURRENT_CHECKS: ' 4 ', ZONECUT_CHECKS_PER_MINUTE: '600' });
    expect(c.maxConcurrentChecks).toBe(4);
    expect(c.checksPerMinute).toBe(600);
  });
  it.each([
    ['ZONECUT_MAX_CONCURRENT_CHECKS', '0'],
    ['ZONECUT_MAX_CONCURRENT_CHECKS', '10001'],
    ['ZONECUT_MAX_CONCURRENT_CHECKS', 'many'],
    ['ZONECUT_CHECKS_PER_MINUTE', '0'],
    ['ZONECUT_CHECKS_PER_MINUTE', '2.5'],
    ['ZONECUT_CHECKS_PER_MINUTE', '-3'],
  ])('refuses %s=%j and names it with its range', (name, value) => {
    expect(() => loadConfig({ [name]: value })).toThrow(new RegExp(`${name} must be a whole number .* from \\d+ to \\d+`));
  });
});

describe('ZONECUT_TRUSTED_PROXIES', () => {
  it('defaults to the last X-Forwarded-For entry', () => {
    expect(loadConfig({}).trustedProxies).toEqual({ hops: 0 });
  });
  it('takes a count of hops', () => {
    expect(loadConfig({ ZONECUT_TRUSTED_PROXIES: ' 2 ' }).trustedProxies).toEqual({ hops: 2 });
  });
  it('takes a list of CIDRs', () => {
    const t = loadConfig({ ZONECUT_TRUSTED_PROXIES: '173.245.48.0/20, 2400:cb00::/32,192.0.2.1' }).trustedProxies;
    expect('cidrs' in t && t.cidrs.map(([ip, bits]) => `${ip.toString()}/${bits}`)).toEqual(['173.245.48.0/20', '2400:cb00::/32', '192.0.2.1/32']);
  });
  it.each([
    ['17', /more than 16/],
    ['cdn.example', /count of proxy hops .* "cdn.example" is neither/],
    ['10.0.0.0/33', /"10.0.0.0\/33" is neither/],
    ['-1', /"-1" is neither/],
  ])('refuses %j', (value, message) => {
    expect(() => loadConfig({ ZONECUT_TRUSTED_PROXIES: value })).toThrow(message);
  });
});

describe('ZONECUT_SERVER_QPS', () => {
  it('defaults to 20 queries a second to one server address', () => {
    expect(loadConfig({}).serverQps).toBe(20);
  });
  it('takes a whole number', () => {
    expect(loadConfig({ ZONECUT_SERVER_QPS: '5' }).serverQps).toBe(5);
  });
  it.each(['0', '0.5', '10001', 'fast'])('refuses %j and names the variable', (value) => {
    expect(() => loadConfig({ ZONECUT_SERVER_QPS: value })).toThrow(
      /ZONECUT_SERVER_QPS must be a whole number \(queries a second to one server address\) from 1 to 10000/,
    );
  });
});

describe('ZONECUT_REPORT_RETENTION_DAYS', () => {
  it('keeps reports forever by default', () => {
    expect(loadConfig({}).reportRetentionDays).toBeNull();
  });
  it('takes whole days', () => {
    expect(loadConfig({ ZONECUT_REPORT_RETENTION_DAYS: '90' }).reportRetentionDays).toBe(90);
  });
  it.each(['0', '1.5', '-7', '36501', '90d'])('refuses %j and names the variable', (value) => {
    expect(() => loadConfig({ ZONECUT_REPORT_RETENTION_DAYS: value })).toThrow(/ZONECUT_REPORT_RETENTION_DAYS must be a whole number of days/);
  });
});

describe('ZONECUT_MAX_STORED_OBSERVATIONS and ZONECUT_MAX_STORED_ANSWER_BYTES', () => {
  it('default to 1000 observations and 2 MiB of answers per report', () => {
    expect(loadConfig({}).storageLimits).toEqual({ observations: 1000, answerBytes: 2 * 1024 * 1024 });
  });
  it('take whole numbers (0 octets: keep no answer)', () => {
    expect(loadConfig({ ZONECUT_MAX_STORED_OBSERVATIONS: '50', ZONECUT_MAX_STORED_ANSWER_BYTES: '0' }).storageLimits).toEqual({
      observations: 50,
      answerBytes: 0,
    });
  });
  it.each([
    ['ZONECUT_MAX_STORED_OBSERVATIONS', '0'],
    ['ZONECUT_MAX_STORED_OBSERVATIONS', 'all'],
    ['ZONECUT_MAX_STORED_ANSWER_BYTES', '2MB'],
    ['ZONECUT_MAX_STORED_ANSWER_BYTES', '-1'],
  ])('refuses %s=%j and names it', (name, value) => {
    expect(() => loadConfig({ [name]: value })).toThrow(new RegExp(`${name} must be a whole number`));
  });
});
