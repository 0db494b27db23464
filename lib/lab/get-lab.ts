// The lab universe of this process: built on first use, then shared (route handlers, the walker in
// lab mode). Kept on globalThis so Next's module reloading in development does not rebuild it.
import { buildLab, type Lab } from '@/lib/lab/build-lab';

// Signatures last 30 days from the build; rebuilding weekly keeps a long-running process valid.
const MAX_AGE_MS = 7 * 86400 * 1000;

const cache = globalThis as unknown as { __zonecutLab?: Lab };

export function getLab(now: Date = new Date()): Lab {
  const lab = cache.__zonecutLab;
  if (lab && now.getTime() - lab.builtAt.getTime() < MAX_AGE_MS) return lab;
  cache.__zonecutLab = buildLab({ now });
  return cache.__zonecutLab;
}
