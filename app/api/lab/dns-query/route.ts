// GET, POST /api/lab/dns-query — RFC 8484 DNS-over-HTTPS into the lab universe: a recursive
// resolver over the lab's servers, for recursive look-ups with no network at all.
import { readBoundedBody } from '@/lib/api/read-json-body';
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
  const body = await readBoundedBody(request, MAX_DNS_MESSAGE);
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
