import { describe, expect, it } from 'vitest';
import { nsec3Hash } from '@/lib/dns/dnssec/nsec3-hash';

describe('nsec3Hash (RFC 5155 5)', () => {
  // RFC 5155 Appendix A: SHA-1, salt aabbccdd, 12 iterations.
  it.each([
    ['example', '0p9mhaveqvm6t7vbl5lop2u3t2rp3tom'],
    ['a.example', '35mthgpgcu1qg68fab165klnsnk3dpvl'],
    ['ai.example', 'gjeqe526plbf1g8mklp59enfd789njgi'],
    ['ns1.example', '2t7b4g4vsa5smi47k61mv5bv1a22bojr'],
    ['ns2.example', 'q04jkcevqvmu85r014c7dkba38o0ji5r'],
    ['w.example', 'k8udemvp1j2f7eg6jebps17vp3n8i58h'],
    ['*.w.example', 'r53bq7cc2uvmubfu5ocmm6pers9tk9en'],
    ['x.w.example', 'b4um86eghhds6nea196smvmlo4ors995'],
    ['y.w.example', 'ji6neoaepv8b5o6k4ev33abha8ht9fgc'],
    ['x.y.w.example', '2vptu5timamqttgl4luu9kg21e0aor3s'],
    ['xx.example', 't644ebqk9bibcna874givr6joj62mlhv'],
    ['2t7b4g4vsa5smi47k61mv5bv1a22bojr.example', 'kohar7mbb8dc2ce8a9qvl8hon4k53uhi'],
  ])('Appendix A: %s', (name, hash) => {
    expect(nsec3Hash(`${name}.`, 1, 12, 'aabbccdd')).toBe(hash);
  });

  it('hashes the canonical (lowercase) name, with or without the trailing dot', () => {
    expect(nsec3Hash('A.EXAMPLE.', 1, 12, 'AABBCCDD')).toBe('35mthgpgcu1qg68fab165klnsnk3dpvl');
    expect(nsec3Hash('a.example', 1, 12, 'aabbccdd')).toBe('35mthgpgcu1qg68fab165klnsnk3dpvl');
  });

  it('no salt, no extra iterations: one SHA-1 of the wire name (BIND nsec3hash test: com)', () => {
    expect(nsec3Hash('com.', 1, 0, '')).toBe('ck0pojmg874ljref7efn8430qvit8bsm');
  });

  it('refuses what it cannot compute', () => {
    expect(() => nsec3Hash('example.', 2, 0, '')).toThrow(/algorithm 2/);
    expect(() => nsec3Hash('example.', 1, 65536, '')).toThrow(/iterations/);
    expect(() => nsec3Hash('example.', 1, 0, 'abc')).toThrow(/salt/);
  });
});
