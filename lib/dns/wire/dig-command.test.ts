// digCommand with names from strangers' DNS data: what a person pastes must ask exactly the
// question we asked, whatever the name looks like. The table pins the text; the round trip runs
// each command through a real POSIX shell and a real dig, against a UDP socket on 127.0.0.1 that
// reads the query dig sent (and echoes it back, so dig exits at once).
import { execFile, execFileSync } from 'node:child_process';
import { createSocket, type Socket } from 'node:dgram';
import { existsSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Question } from '@/lib/dns/wire/types';
import { decodeMessage } from '@/lib/dns/wire/decode-message';
import { digCommand } from '@/lib/dns/wire/dig-command';
import { canonicalName } from '@/lib/dns/wire/name';

const SERVER = { address: '192.0.2.1', port: 53 };
const TAIL = '+norec +bufsize=1232 +nocookie +noadflag';
/** A file the hostile name would create through the shell (a bare redirection) if quoting failed. */
const MARKER_FILE = path.join(tmpdir(), `zcq${process.pid}`);
const MARKER = `>${MARKER_FILE}`;

// Names as our decoder presents them (lib/dns/wire/name-text.ts): `\DDD` outside 0x21-0x7e, a
// backslash before `.`, `\`, `"`, `(`, `)`, `;`, `@` and `$`; quotes and backticks stay as they are.
const HOSTILE: readonly (readonly [string, Question, string])[] = [
  ['a leading hyphen: dig would take an option', { name: '-q.example.', type: 'A' }, `dig @192.0.2.1 -q -q.example. A ${TAIL}`],
  ['a leading plus: dig would take a flag', { name: '+short.example.', type: 'NS' }, `dig @192.0.2.1 -q +short.example. NS ${TAIL}`],
  ['an escaped @: the shell quotes the backslash', { name: '\\@evil.example.', type: 'A' }, `dig @192.0.2.1 -q '\\@evil.example.' A ${TAIL}`],
  ['a space, escaped as \\032', { name: 'a\\032b.example.', type: 'A' }, `dig @192.0.2.1 'a\\032b.example.' A ${TAIL}`],
  ['a single quote', { name: "it's.example.", type: 'TXT' }, `dig @192.0.2.1 'it'\\''s.example.' TXT ${TAIL}`],
  // If quoting ever broke, the shell would run these: harmless, and the test below looks for the file.
  [
    'an escaped $ and a backtick',
    { name: `\\$(${MARKER})\`${MARKER}\`.example.`, type: 'A' },
    `dig @192.0.2.1 -q '\\$(${MARKER})\`${MARKER}\`.example.' A ${TAIL}`,
  ],
  ['a double quote, escaped', { name: 'x\\"y.example.', type: 'A' }, `dig @192.0.2.1 'x\\"y.example.' A ${TAIL}`],
  ['a relative name that is a type mnemonic', { name: 'MX', type: 'A' }, `dig @192.0.2.1 -q MX A ${TAIL}`],
  ['the root', { name: '.', type: 'NS' }, `dig @192.0.2.1 . NS ${TAIL}`],
  ['a type and class that are not mnemonics', { name: 'x.example.', type: '-x', class: 'C H' }, `dig @192.0.2.1 x.example. -t -x -c 'C H' ${TAIL}`],
];

describe('digCommand with hostile names', () => {
  it.each(HOSTILE)('%s', (_why, question, want) => {
    expect(digCommand(SERVER, question)).toBe(want);
  });

  it('leaves plain names as a person would type them', () => {
    expect(digCommand(SERVER, { name: '_dmarc.example.', type: 'TXT' })).toBe(`dig @192.0.2.1 _dmarc.example. TXT ${TAIL}`);
    expect(digCommand(SERVER, { name: '3.2.0.192.in-addr.arpa.', type: 'PTR' })).toBe(`dig @192.0.2.1 3.2.0.192.in-addr.arpa. PTR ${TAIL}`);
  });
});

const hasDig = (() => {
  try {
    execFileSync('dig', ['-v'], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
})();

describe.skipIf(!hasDig)('digCommand through sh and a real dig', () => {
  let socket: Socket;
  let port = 0;
  const received: Buffer[] = [];
  // dig reads ~/.digrc: an empty home keeps a person's defaults out of the test.
  const home = mkdtempSync(path.join(tmpdir(), 'zonecut-dig-'));

  beforeAll(async () => {
    socket = createSocket('udp4');
    socket.on('message', (msg, rinfo) => {
      received.push(msg);
      const reply = Buffer.from(msg);
      reply[2] = (reply[2] ?? 0) | 0x80; // QR: the query itself, as an empty answer
      socket.send(reply, rinfo.port, rinfo.address);
    });
    await new Promise<void>((resolve) => socket.bind(0, '127.0.0.1', resolve));
    port = socket.address().port;
  });
  afterAll(() => socket.close());

  const sent = (command: string) =>
    new Promise<Question>((resolve, reject) => {
      received.length = 0;
      execFile(
        'sh',
        ['-c', `${command} +tries=1 +timeout=2`],
        { env: { PATH: process.env.PATH, HOME: home, NODE_ENV: process.env.NODE_ENV }, timeout: 10_000, encoding: 'utf8' },
        (err, stdout, stderr) => {
          if (received.length === 0) return reject(new Error(`dig sent nothing (${err?.message ?? ''}): ${stderr}${stdout}`));
          const decoded = decodeMessage(received[0]!);
          if (!decoded.ok) return reject(new Error(`undecodable query: ${decoded.error.message}`));
          resolve(decoded.message.question[0]!);
        },
      );
    });

  it.each(HOSTILE.filter(([, q]) => q.type !== '-x'))('asks exactly the question: %s', async (_why, question) => {
    const command = digCommand({ address: '127.0.0.1', port }, question);
    const q = await sent(command);
    expect(canonicalName(q.name)).toBe(canonicalName(question.name));
    expect(q.type).toBe(question.type);
    expect(existsSync(MARKER_FILE), 'the shell ran part of a name').toBe(false);
  });
});
