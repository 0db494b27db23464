import { describe, expect, it } from 'vitest';
import { ipOnlyLookup } from './ip-only-lookup';

const lookup = (host: string, options: unknown = {}) =>
  new Promise<{ err: NodeJS.ErrnoException | null; address: unknown; family?: number }>((resolve) =>
    ipOnlyLookup(host, options, (err, address, family) => resolve({ err, address, family })),
  );

describe('ipOnlyLookup', () => {
  it('passes IP literals through without resolving', async () => {
    expect(await lookup('192.0.2.1')).toEqual({ err: null, address: '192.0.2.1', family: 4 });
    expect(await lookup('2001:db8::53', 6)).toEqual({ err: null, address: '2001:db8::53', family: 6 });
    expect((await lookup('::1', { all: true })).address).toEqual([{ address: '::1', family: 6 }]);
  });

  it('refuses names, so no socket can ever ask the system resolver', async () => {
    for (const name of ['localhost', 'example.com', '1.1.1.1.nip.io', '']) {
      const r = await lookup(name);
      expect(r.err?.code).toBe('ENOTFOUND');
      expect(r.err?.message).toMatch(/IP literals only/);
    }
  });
});
