// A TCP port free on 127.0.0.1 right now, for a server a test or bench starts (the kernel picks
// it; another process could still take it before ours binds, which the callers' start-up checks see).
import { createServer } from 'node:net';

export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => (typeof address === 'object' && address ? resolve(address.port) : reject(new Error('no port'))));
    });
  });
}
