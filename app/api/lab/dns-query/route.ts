// GET, POST /api/lab/dns-query — RFC 8484 DNS-over-HTTPS into the lab universe: a recursive
// resolver over the lab's servers, for recursive look-ups with no network at all.
import { getConfig } from '@/lib/config';
import { getLab } from '@/lib/lab/get-lab';
import { answerLabDoh, checkContentType, decodeDnsParameter, DNS_MESSAGE, MAX_DNS_MESSAGE, type LabDohResult } from '@/lib/lab/lab-doh';

export const runtime = 'nodejs';
export const dynamic = 'force-dynamic';

export async function GET(request: Request): Promise<Response> {
  if (!getConfig().lab) return labOff();
  const packet = decodeDnsParameter(new URL(request.url).searchParams.get('dns'));
  return respond(packet instanceof Uint8Array ? await answerLabDoh(getLab(), packet) : packet);
}

export async function POST(request: Request): Promise<Response> {
  if (!getConfig().lab) return labOff();
  const wrongType = checkContentType(request.headers.get('content-type'));
  if (wrongType) return respond(wrongType);
  const body = await readBody(request, MAX_DNS_MESSAGE);
  if (body === null) return respond({ ok: false, status: 413, code: 'too-large', message: `the body is larger than ${MAX_DNS_MESSAGE} octets` });
  return respond(await answerLabDoh(getLab(), body));
}

function respond(result: LabDohResult): Response {
  if (!result.ok) return Response.json({ code: result.code, message: result.message }, { status: result.status });
  return new Response(new Uint8Array(result.body), {
    headers: { 'content-type': DNS_MESSAGE, 'cache-control': `max-age=${result.maxAge}` },
  });
}

function labOff(): Response {
  return Response.json({ code: 'lab-off', message: 'the lab is switched off (ZONECUT_LAB=off)' }, { status: 404 });
}

/** The body, or null once it passes `limit` octets: read no further than that. */
async function readBody(request: Request, limit: number): Promise<Uint8Array | null> {
  const declared = Number(request.headers.get('content-length') ?? NaN);
  if (declared > limit) return null;
  if (!request.body) return new Uint8Array();
  const chunks: Uint8Array[] = [];
  let total = 0;
  const reader = request.body.getReader();
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    total += value.length;
    if (total > limit) {
      await reader.cancel();
      return null;
    }
    chunks.push(value);
  }
  return Buffer.concat(chunks);
}
