// A request's body, read no further than a bound: what every route that takes a body calls.
import { ApiError } from '@/lib/api/api-error';

/** The body's octets, or null once they pass `maxBytes` (a declared Content-Length over it is refused unread). */
export async function readBoundedBody(request: Request, maxBytes: number): Promise<Uint8Array | null> {
  if (Number(request.headers.get('content-length') ?? 0) > maxBytes) return null;
  const chunks: Uint8Array[] = [];
  let size = 0;
  if (request.body) {
    const reader = request.body.getReader();
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      size += value.length;
      if (size > maxBytes) {
        await reader.cancel();
        return null;
      }
      chunks.push(value);
    }
  }
  return Buffer.concat(chunks);
}

/** The body as UTF-8 text; a 400 `bad-request` with `tooLargeMessage` when it passes `maxBytes`. */
export async function readBodyText(request: Request, maxBytes: number, tooLargeMessage = `The body is larger than ${maxBytes} octets`): Promise<string> {
  const body = await readBoundedBody(request, maxBytes);
  if (!body) throw new ApiError('bad-request', tooLargeMessage);
  return Buffer.from(body).toString('utf8');
}

export async function readJsonBody(request: Request, maxBytes: number, example: string): Promise<unknown> {
  const text = await readBodyText(request, maxBytes);
  try {
    return JSON.parse(text) as unknown;
  } catch {
    throw new ApiError('bad-request', `The body must be JSON, e.g. ${example}`);
  }
}
