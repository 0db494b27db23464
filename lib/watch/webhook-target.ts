// Where a webhook may go: the same address policy as a DNS query (lib/guard/address-policy.ts,
// ZONECUT_ALLOW_TARGETS), because a webhook URL is a stranger's input just as NS data is. A host
// name is looked up through zonecut's own resolver (never the operating system's), and the request
// then goes to the address that was checked, so a name that changes its answer between the check
// and the request (DNS rebinding) cannot steer it elsewhere.
import { normalizeDomain } from '@/lib/domain/normalize-domain';
import { parseIp } from '@/lib/domain/ip-literal';
import type { AddressPolicy } from '@/lib/guard/address-policy';

export const MAX_WEBHOOK_URL_LENGTH = 2048;

export interface WebhookUrl {
  url: URL;
  /** The host as written, without IPv6 brackets. */
  host: string;
  /** Whether the host is an IP literal (then it is the address). */
  isIp: boolean;
  port: number;
}

export type WebhookUrlResult = { ok: true; target: WebhookUrl } | { ok: false; message: string };

/** Parses and checks the shape of a webhook URL: http(s), no credentials, a host that is a name or an IP. */
export function parseWebhookUrl(text: string): WebhookUrlResult {
  const t = text.trim();
  if (t.length > MAX_WEBHOOK_URL_LENGTH) return { ok: false, message: `The webhook URL is longer than ${MAX_WEBHOOK_URL_LENGTH} characters` };
  let url: URL;
  try {
    url = new URL(t);
  } catch {
    return { ok: false, message: `The webhook URL is not a URL: "${t.slice(0, 100)}"` };
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') return { ok: false, message: `The webhook URL must be https:// or http://, not ${url.protocol}` };
  if (url.username || url.password)
    return { ok: false, message: 'The webhook URL must not carry a user name or password (the signature authenticates the request)' };
  url.hash = '';
  const host = url.hostname.replace(/^\[|\]$/g, '');
  const port = url.port ? Number(url.port) : url.protocol === 'https:' ? 443 : 80;
  if (parseIp(host)) return { ok: true, target: { url, host: parseIp(host)!.toString(), isIp: true, port } };
  const name = normalizeDomain(host);
  if (!name.ok || name.fqdn.split('.').filter(Boolean).length < 2)
    return { ok: false, message: `The webhook URL's host "${host}" is not a domain name or an IP address` };
  return { ok: true, target: { url, host: name.domain, isIp: false, port } };
}

export type WebhookAddressResult = { ok: true; address: string } | { ok: false; message: string };

/**
 * The address to send to: the IP literal, or the first of the name's addresses (looked up with
 * `lookup`, zonecut's resolver) that the policy allows. Refused when none is allowed.
 */
export async function pickWebhookAddress(
  target: WebhookUrl,
  policy: AddressPolicy,
  lookup: (host: string) => Promise<string[]>,
): Promise<WebhookAddressResult> {
  if (target.isIp) {
    const verdict = policy.check(target.host);
    return verdict.allowed ? { ok: true, address: target.host } : { ok: false, message: `The webhook's address is refused: ${verdict.message}` };
  }
  const addresses = await lookup(target.host);
  if (addresses.length === 0) return { ok: false, message: `${target.host} has no address (looked up through zonecut's resolver)` };
  const refusals: string[] = [];
  for (const address of addresses) {
    const verdict = policy.check(address);
    if (verdict.allowed) return { ok: true, address };
    refusals.push(verdict.message);
  }
  return { ok: false, message: `Every address of ${target.host} is refused: ${refusals.join('; ')}` };
}
