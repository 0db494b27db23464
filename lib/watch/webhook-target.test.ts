import { describe, expect, it } from 'vitest';
import { loadConfig } from '@/lib/config';
import { parseCidr } from '@/lib/domain/ip-literal';
import { createAddressPolicy } from '@/lib/guard/address-policy';
import { lookupHostAddresses } from '@/lib/run-check';
import { parseWebhookUrl, pickWebhookAddress, type WebhookUrl } from '@/lib/watch/webhook-target';

function target(text: string): WebhookUrl {
  const r = parseWebhookUrl(text);
  if (!r.ok) throw new Error(r.message);
  return r.target;
}

describe('parseWebhookUrl', () => {
  it.each([
    ['https://hooks.example.com/zonecut?x=1', 'hooks.example.com', false, 443],
    ['http://203.0.113.9:8080/in', '203.0.113.9', true, 8080],
    ['https://[2001:db8::1]/in', '2001:db8::1', true, 443],
    ['https://Hooks.EXAMPLE.com./x#frag', 'hooks.example.com', false, 443],
  ])('%s', (text, host, isIp, port) => {
    const t = target(text);
    expect(t).toMatchObject({ host, isIp, port });
    expect(t.url.hash).toBe('');
  });

  it.each([
    ['ftp://example.com/x', /https:\/\/ or http:\/\//],
    ['https://user:pw@example.com/', /user name or password/],
    ['not a url', /not a URL/],
    ['https://localhost/x', /not a domain name/],
    [`https://example.com/${'a'.repeat(2100)}`, /longer than 2048/],
  ])('refuses %s', (text, message) => {
    const r = parseWebhookUrl(text);
    expect(r.ok).toBe(false);
    expect(!r.ok && r.message).toMatch(message);
  });
});

describe('pickWebhookAddress: the policy of DNS targets', () => {
  const policy = createAddressPolicy();
  const never = async (): Promise<string[]> => {
    throw new Error('an IP literal is never looked up');
  };

  it('a global IP literal passes; loopback, private and link-local do not', async () => {
    expect(await pickWebhookAddress(target('https://8.8.8.8/'), policy, never)).toEqual({ ok: true, address: '8.8.8.8' });
    for (const url of ['http://127.0.0.1:9/x', 'http://10.0.0.1/', 'http://169.254.169.254/latest', 'http://[::1]/', 'http://[::ffff:127.0.0.1]/']) {
      const r = await pickWebhookAddress(target(url), policy, never);
      expect(r.ok, url).toBe(false);
      expect(!r.ok && r.message).toMatch(/ZONECUT_ALLOW_TARGETS/);
    }
  });

  it('ZONECUT_ALLOW_TARGETS lets a range through, as it does for DNS', async () => {
    const allowing = createAddressPolicy([parseCidr('127.0.0.0/8')!]);
    expect(await pickWebhookAddress(target('http://127.0.0.1:9/x'), allowing, never)).toEqual({ ok: true, address: '127.0.0.1' });
  });

  it("a name: its resolver's addresses, the first allowed one; none allowed, refused", async () => {
    const asked: string[] = [];
    const lookup = (answer: string[]) => async (host: string) => {
      asked.push(host);
      return answer;
    };
    expect(await pickWebhookAddress(target('https://hooks.example.com/'), policy, lookup(['10.1.1.1', '198.51.100.7', '8.8.4.4']))).toEqual({
      ok: true,
      address: '8.8.4.4',
    });
    expect(asked).toEqual(['hooks.example.com']);
    const refused = await pickWebhookAddress(target('https://rebind.example.com/'), policy, lookup(['127.0.0.1', '192.168.1.1']));
    expect(refused.ok).toBe(false);
    expect(!refused.ok && refused.message).toMatch(/Every address of rebind.example.com is refused/);
    const none = await pickWebhookAddress(target('https://gone.example.com/'), policy, lookup([]));
    expect(!none.ok && none.message).toMatch(/no address/);
  });
});

describe("a webhook host looked up through zonecut's resolver (here the lab's), never the system's", () => {
  const config = loadConfig({});

  it('lookupHostAddresses answers from the lab resolver', async () => {
    expect((await lookupHostAddresses('ns1.healthy.test', config)).sort()).toEqual(['198.51.100.20', '2001:db8:100::20']);
    expect(await lookupHostAddresses('no-such-name.healthy.test', config)).toEqual([]);
  });

  it('the lab addresses are documentation ranges: refused unless allow-listed, then the checked one is used', async () => {
    const lookup = (host: string) => lookupHostAddresses(host, config);
    const refused = await pickWebhookAddress(target('https://ns1.healthy.test/hook'), createAddressPolicy(), lookup);
    expect(!refused.ok && refused.message).toMatch(/^Every address of ns1\.healthy\.test is refused: 198\.51\.100\.20 is a reserved/);
    const allowed = await pickWebhookAddress(target('https://ns1.healthy.test/hook'), createAddressPolicy([parseCidr('2001:db8::/32')!]), lookup);
    expect(allowed).toEqual({ ok: true, address: '2001:db8:100::20' });
  });
});
