import dnsPacket from 'dns-packet';
import { describe, expect, test } from 'vitest';
import { decodeName, encodeName } from '@/lib/dns/wire/name-codec';
import { labelsToName, labelsToWire } from '@/lib/dns/wire/name-text';

const hex = (s: string) => Buffer.from(s.replace(/\s+/g, ''), 'hex');

describe('wire names', () => {
  test('encode and decode round trip every octet', () => {
    for (const name of ['.', 'example.com.', 'a\\.b.\\000\\255.', '\\\\.\\".x', 'ÄB.example']) {
      const wire = encodeName(name);
      const back = decodeName(wire, 0);
      expect(back.bytes).toBe(wire.length);
      expect(Buffer.from(encodeName(back.name)).equals(Buffer.from(wire))).toBe(true);
    }
    expect(decodeName(encodeName('ÄB.example'), 0).name).toBe('\\195\\132B.example.');
  });

  test('every octet reads as labelsToName writes it, through pointers too', () => {
    const all = Uint8Array.from({ length: 256 }, (_, i) => i);
    // 255 octets on the wire, the most a name may have; the rest of the octets in a name of their own.
    const labels = [all.subarray(0, 63), all.subarray(63, 126), all.subarray(126, 189), all.subarray(189, 250)];
    const rest = labelsToWire([all.subarray(250)]);
    expect(decodeName(rest, 0)).toEqual({ name: labelsToName([all.subarray(250)]), bytes: rest.length });
    const first = labelsToWire(labels.slice(0, 2));
    const tail = labelsToWire(labels.slice(2));
    // After a message's 12-octet header (no name lives there), the last two labels first, then
    // the first two followed by a pointer back to them.
    const msg = Buffer.concat([Buffer.alloc(12), tail, first.subarray(0, first.length - 1), Buffer.from([0xc0, 12])]);
    expect(decodeName(msg, 12 + tail.length)).toEqual({ name: labelsToName(labels), bytes: first.length + 1 });
    expect(decodeName(Uint8Array.of(0), 0)).toEqual({ name: '.', bytes: 1 });
  });

  test('bytes counts only the octets up to the first pointer', () => {
    const msg = hex('0000 8000 0000 0000 0000 0000  07 6578616d706c65 03 636f6d 00  03 777777 c00c');
    expect(decodeName(msg, 25)).toEqual({ name: 'www.example.com.', bytes: 6 });
  });

  test('a pointer into the 12-octet header is refused: the ID and flags would be read as a name', () => {
    const msg = hex('0377 7777 0000 0000 0000 0000  c000');
    expect(() => decodeName(msg, 12)).toThrow(/header/);
  });
});

describe('installed into dns-packet', () => {
  // dns-packet's record codecs call the exported `name` object's methods, so they see our codec.
  const dp = dnsPacket as unknown as {
    decode: (b: Buffer) => { questions: { name: string }[]; answers: { data: { mname: string; rname: string } }[] };
    encode: (m: object) => Buffer;
    name: { decode: unknown };
  };

  test('dns-packet decodes names losslessly through our codec', () => {
    const msg = hex('0000 8000 0001 0000 0000 0000  03 612e62 01 ff 00 0001 0001');
    expect(dp.decode(msg).questions[0]?.name).toBe('a\\.b.\\255.');
  });

  test('dns-packet record codecs (SOA) use it for RDATA names', () => {
    const bytes = dp.encode({
      type: 'response',
      answers: [
        { type: 'SOA', name: 'x.', ttl: 1, data: { mname: 'ns\\.1.x.', rname: 'john\\.doe.x.', serial: 1, refresh: 2, retry: 3, expire: 4, minimum: 5 } },
      ],
    });
    expect(bytes.includes(hex('04 6e732e31 01 78 00'))).toBe(true);
    const soa = dp.decode(bytes).answers[0]?.data;
    expect(soa).toMatchObject({ mname: 'ns\\.1.x.', rname: 'john\\.doe.x.' });
  });

  test('dns-packet gets our errors for hostile names', () => {
    expect(() => dp.decode(hex('0000 8000 0001 0000 0000 0000 c00c 0001 0001'))).toThrow(/loop/);
  });
});
