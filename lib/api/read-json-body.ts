// A request's JSON body, read no further than a bound: what every route that takes JSON calls.
import { ApiError } from '@/lib/api/api-error';

export async function readJsonBody(request: Request, maxBytes: number, example: string): Promise<unknown> {
  const tooLarge = () => new ApiError('bad-request', `The body is larger than ${maxBytes} octets`);
  if (Number(request.headers.get('content-length') ?? 0) > maxBytes) throw tooLarge();
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
        throw tooLarge();
      }
      chunks.push(value);
    }
  }
  try {
    return JSON.parse(Buffer.concat(chunks).toString('utf8')) as unknown;
  } catch {
    throw new ApiError('bad-request', `The body must be JSON, e.g. ${example}`);
  }
}
