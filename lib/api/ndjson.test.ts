import { describe, expect, it } from 'vitest';
import { encodeNdjsonLine, NdjsonParseError, parseNdjsonStream } from '@/lib/api/ndjson';

/** A body that delivers exactly these chunks. */
function body(chunks: (string | Uint8Array)[]): ReadableStream<Uint8Array> {
  const encoder = new TextEncoder();
  return new ReadableStream({
    start(controller) {
      for (const c of chunks) controller.enqueue(typeof c === 'string' ? encoder.encode(c) : c);
      controller.close();
    },
  });
}

async function collect(stream: ReadableStream<Uint8Array>): Promise<unknown[]> {
  const out: unknown[] = [];
  for await (const v of parseNdjsonStream(stream)) out.push(v);
  return out;
}

describe('encodeNdjsonLine', () => {
  it('writes one line per value, newlines inside strings escaped', () => {
    const text = new TextDecoder().decode(encodeNdjsonLine({ a: 'x\ny', b: [1, 2] }));
    expect(text).toBe('{"a":"x\\ny","b":[1,2]}\n');
  });
});

describe('parseNdjsonStream', () => {
  it.each([
    ['one chunk', ['{"a":1}\n{"a":2}\n']],
    ['a line split across chunks', ['{"a"', ':1}\n{"a":', '2}\n']],
    ['one character per chunk', [...'{"a":1}\n{"a":2}\n']],
    ['a last line without its newline', ['{"a":1}\n{"a":2}']],
    ['CRLF line ends and blank lines', ['{"a":1}\r\n\r\n', '\n{"a":2}\r\n']],
    ['the newline alone in a chunk', ['{"a":1}', '\n', '{"a":2}', '\n']],
  ])('reads values from %s', async (_, chunks) => {
    expect(await collect(body(chunks))).toEqual([{ a: 1 }, { a: 2 }]);
  });

  it('joins a UTF-8 character split across chunks', async () => {
    const bytes = new TextEncoder().encode('{"name":"bücher.de"}\n');
    const cut = bytes.indexOf(0xc3) + 1; // between the two octets of ü
    expect(await collect(body([bytes.slice(0, cut), bytes.slice(cut)]))).toEqual([{ name: 'bücher.de' }]);
  });

  it('reads a long line arriving in many chunks', async () => {
    const big = { data: 'x'.repeat(200_000) };
    const text = `${JSON.stringify(big)}\n{"after":true}\n`;
    const chunks = text.match(/[\s\S]{1,1000}/g) ?? [];
    expect(await collect(body(chunks))).toEqual([big, { after: true }]);
  });

  it('yields nothing for an empty body', async () => {
    expect(await collect(body([]))).toEqual([]);
  });

  it('names the line that is not JSON', async () => {
    const err = await collect(body(['{"a":1}\n', 'oops\n'])).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(NdjsonParseError);
    expect((err as NdjsonParseError).line).toBe(2);
  });

  it('cancels the body when the reader stops early', async () => {
    let cancelled = false;
    const stream = new ReadableStream<Uint8Array>({
      start(controller) {
        controller.enqueue(new TextEncoder().encode('{"a":1}\n'));
      },
      cancel() {
        cancelled = true;
      },
    });
    for await (const v of parseNdjsonStream(stream)) {
      expect(v).toEqual({ a: 1 });
      break;
    }
    expect(cancelled).toBe(true);
  });
});
