// The permalink of a stored report, /r/<id>, as an absolute URL on the host the client asked.
// Next builds request.url from its own hostname (`localhost` under `next start`), so the origin
// comes from the Host header, and the scheme from X-Forwarded-Proto when a TLS proxy sets it.
// X-Forwarded-Host is not trusted: caches key on Host, so a forged one could poison them.
const HOST = /^(?:[a-z0-9](?:[a-z0-9-]*[a-z0-9])?(?:\.[a-z0-9](?:[a-z0-9-]*[a-z0-9])?)*\.?|\[[0-9a-f:.]+\])(?::\d{1,5})?$/i;

export function publicOrigin(request: Request): string {
  const url = new URL(request.url);
  return originFromHeaders(request.headers, url.protocol.replace(/:$/, ''), url.host);
}

/** The same from headers alone (a server component's `headers()`); `fallbackHost` when Host is bad. */
export function originFromHeaders(headers: Pick<Headers, 'get'>, fallbackScheme = 'http', fallbackHost = 'localhost'): string {
  const host = headers.get('host')?.trim();
  const proto = headers.get('x-forwarded-proto')?.split(',')[0]?.trim().toLowerCase();
  const scheme = proto === 'https' || proto === 'http' ? proto : fallbackScheme;
  return `${scheme}://${host && HOST.test(host) ? host.toLowerCase() : fallbackHost}`;
}

export function reportUrl(request: Request, id: string): string {
  return `${publicOrigin(request)}/r/${encodeURIComponent(id)}`;
}
