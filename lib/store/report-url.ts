// The permalink of a stored report, /r/<id>, as an absolute URL on the host the client asked.
// Next builds request.url from its own hostname (`localhost` under `next start`), so the origin
// comes from the Host header, and the scheme from X-Forwarded-Proto when a TLS proxy sets it.
// X-Forwarded-Host is not trusted: caches key on Host, so a forged one could poison them.
const HOST = /^(?:[a-z0-9](?:[a-z0-9-]*[a-z0-9])?(?:\.[a-z0-9](?:[a-z0-9-]*[a-z0-9])?)*\.?|\[[0-9a-f:.]+\])(?::\d{1,5})?$/i;

export function publicOrigin(request: Request): string {
  const url = new URL(request.url);
  const host = request.headers.get('host')?.trim();
  const proto = request.headers.get('x-forwarded-proto')?.split(',')[0]?.trim().toLowerCase();
  const scheme = proto === 'https' || proto === 'http' ? proto : url.protocol.replace(/:$/, '');
  return `${scheme}://${host && HOST.test(host) ? host.toLowerCase() : url.host}`;
}

export function reportUrl(request: Request, id: string): string {
  return `${publicOrigin(request)}/r/${encodeURIComponent(id)}`;
}
