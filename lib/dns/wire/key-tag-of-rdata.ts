// RFC 4034 Appendix B key tag over DNSKEY RDATA octets. Pure, no Node API: the pages compute key
// tags in the browser from the same function the server uses.

export function keyTagOfRdata(rdata: Uint8Array, algorithm: number): number {
  if (algorithm === 1) {
    // B.1: RSA/MD5 uses the modulus's low bits instead. The RFC's wording is ambiguous; this is
    // the third- and second-to-last octets of the key, as BIND and ldns compute it.
    if (rdata.length < 7) return 0;
    return ((rdata[rdata.length - 3] as number) << 8) | (rdata[rdata.length - 2] as number);
  }
  let ac = 0;
  for (let i = 0; i < rdata.length; i++) ac += i & 1 ? (rdata[i] as number) : (rdata[i] as number) << 8;
  ac += (ac >> 16) & 0xffff;
  return ac & 0xffff;
}
