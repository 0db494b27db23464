// Newline-delimited JSON (https://github.com/ndjson/ndjson-spec): one JSON text per line, `\n`
// between them. JSON.stringify never writes a raw newline (it escapes them inside strings), so a
// line break always ends a value. Both ends live here: the server encodes, the browser parses.
// Isomorphic (TextEncoder, TextDecoder and ReadableStream exist in Node 20 and every browser).

export const NDJSON_CONTENT_TYPE = 'application/x-ndjson';

const encoder = new TextEncoder();

/** One value as one line, with its `\n`. */
export function encodeNdjsonLine(value: unknown): Uint8Array {
  return encoder.encode(`${JSON.stringify(value)}\n`);
}

export class NdjsonParseError extends Error {
  override name = 'NdjsonParseError';
  /** 1-based line number in the stream. */
  readonly line: number;

  constructor(line: number, cause: unknown) {
    super(`line ${line} of the stream is not JSON: ${cause instanceof Error ? cause.message : String(cause)}`);
    this.line = line;
  }
}

/**
 * The values of an NDJSON body, in order, as they arrive. Lines split across chunks (and UTF-8
 * sequences split across chunks) are joined; blank lines and `\r\n` endings are accepted; a last
 * line without its `\n` still counts. Stopping early (`break`) cancels the body, which in a
 * browser ends the request.
 */
export async function* parseNdjsonStream(body: ReadableStream<Uint8Array>): AsyncGenerator<unknown, void, undefined> {
  const reader = body.getReader();
  const decoder = new TextDecoder();
  let buffer = '';
  /** How much of `buffer` is known to hold no `\n` (a long line arriving in many chunks). */
  let scanned = 0;
  let lineNumber = 0;
  let finished = false;

  function* drain(final: boolean): Generator<unknown> {
    let start = 0;
    for (;;) {
      const end = buffer.indexOf('\n', Math.max(start, scanned));
      if (end < 0) break;
      lineNumber++;
      const value = parseLine(buffer.slice(start, end), lineNumber);
      start = end + 1;
      if (value !== SKIP) yield value;
    }
    buffer = buffer.slice(start);
    scanned = buffer.length;
    if (final && buffer !== '') {
      lineNumber++;
      const value = parseLine(buffer, lineNumber);
      buffer = '';
      if (value !== SKIP) yield value;
    }
  }

  try {
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      buffer += decoder.decode(value, { stream: true });
      yield* drain(false);
    }
    finished = true;
    buffer += decoder.decode();
    yield* drain(true);
  } finally {
    if (!finished) await reader.cancel().catch(() => {});
    reader.releaseLock();
  }
}

const SKIP = Symbol('blank line');

function parseLine(text: string, lineNumber: number): unknown {
  const line = text.trim();
  if (line === '') return SKIP;
  try {
    return JSON.parse(line) as unknown;
  } catch (err) {
    throw new NdjsonParseError(lineNumber, err);
  }
}
