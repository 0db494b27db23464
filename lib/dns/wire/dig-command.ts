// The dig command that asks what we asked, so a finding's evidence can be reproduced by hand.
// Isomorphic.
import type { QueryOptions, ServerAddress } from '@/lib/dns/transport/options';
import type { Question } from '@/lib/dns/wire/types';

export type DigOptions = Pick<QueryOptions, 'edns' | 'udpSize' | 'dnssecOk' | 'recursionDesired' | 'checkingDisabled' | 'tcp'>;

/** Quote for a POSIX shell when the word holds anything beyond plain name characters. */
function shellWord(word: string): string {
  return /^[A-Za-z0-9._\-:@+=/]+$/.test(word) ? word : `'${word.replace(/'/g, `'\\''`)}'`;
}

/**
 * dig reads each bare word by its look: `-x` an option, `+x` a flag, `@x` a server, a type or class
 * mnemonic (`A`, `CH`) the type or class, and only what is left the name. A name from DNS data can
 * look like any of those (`-q.example.`, `+x.example.`; a stored capture may hold anything), so
 * unless it is plainly a name (the root, or a word with a dot that starts with a letter, digit,
 * `_` or `*`: no mnemonic has a dot) it goes after `-q`, and a type or class that is not a plain
 * mnemonic after `-t` or `-c`, where dig takes the next word as it is. Shell quoting comes on top.
 */
function nameWords(name: string): string[] {
  const plain = name === '.' || (/^[A-Za-z0-9_*]/.test(name) && name.includes('.'));
  return plain ? [shellWord(name)] : ['-q', shellWord(name)];
}

function mnemonicWords(flag: '-t' | '-c', word: string): string[] {
  return /^[A-Za-z][A-Za-z0-9]*$/.test(word) ? [word] : [flag, shellWord(word)];
}

/**
 * e.g. `dig @192.0.2.1 -p 5300 healthy.test. SOA +norec +dnssec +bufsize=1232 +nocookie +noadflag`.
 * Our defaults differ from dig's, so they are spelled out: RD is off unless asked (dig sets it),
 * the buffer size is always given, and dig's cookie and AD bit are turned off. DoH is dig's `+https` (BIND 9.18).
 */
export function digCommand(server: ServerAddress, question: Question, options: DigOptions = {}, transport = 'udp'): string {
  const parts = ['dig', shellWord(`@${server.address}`)];
  const doh = transport === 'doh';
  if (server.port !== (doh ? 443 : 53)) parts.push('-p', String(server.port));
  parts.push(...nameWords(question.name), ...mnemonicWords('-t', question.type));
  if (question.class && question.class.toUpperCase() !== 'IN') parts.push(...mnemonicWords('-c', question.class));
  if (!options.recursionDesired) parts.push('+norec');
  if (options.dnssecOk) parts.push('+dnssec');
  if (options.checkingDisabled) parts.push('+cd');
  if (options.edns === false) parts.push('+noedns');
  else parts.push(`+bufsize=${options.udpSize ?? 1232}`, '+nocookie');
  // dig sets AD in queries by default (RFC 6840 5.7), which alone makes a validating resolver
  // answer with AD; we never set it.
  parts.push('+noadflag');
  if (doh) {
    let path = '/dns-query';
    if (server.url) {
      try {
        path = new URL(server.url).pathname || path;
      } catch {
        // Not a URL: keep the RFC 8484 default path.
      }
    }
    parts.push(path === '/dns-query' ? '+https' : shellWord(`+https=${path}`));
  } else if (transport === 'tcp' || options.tcp) {
    parts.push('+tcp');
  }
  return parts.join(' ');
}
