// Whether an address is one of the harness's own (127.54.0.0/16): the only place an interop test
// may send anything to, and what every address a tool reports having talked to must be.
import { parseCidr, parseIp } from '@/lib/domain/ip-literal';
import { INTEROP_RANGE } from './interop-layout';

const [RANGE, PREFIX] = parseCidr(INTEROP_RANGE)!;

export function inInteropRange(address: string): boolean {
  const ip = parseIp(address);
  return ip !== null && ip.kind() === RANGE.kind() && ip.match(RANGE, PREFIX);
}
