// The lab universe of this process: built on first use, then shared (route handlers, the walker in
// lab mode). Kept on globalThis so Next's module reloading in development does not rebuild it.
// Test-only switches (lib/lab/lab-switches.ts) rebuild it with their overlays.
import { buildLab, type Lab } from '@/lib/lab/build-lab';
import { csyncAppliedZones, labSwitchesKey } from '@/lib/lab/lab-switches';
import { getConfig } from '@/lib/config';

// Signatures last 30 days from the build; rebuilding weekly keeps a long-running process valid.
const MAX_AGE_MS = 7 * 86400 * 1000;

const cache = globalThis as unknown as { __zonecutLab?: Lab; __zonecutLabKey?: string };

export function getLab(now: Date = new Date()): Lab {
  const lab = cache.__zonecutLab;
  const key = labSwitchesKey();
  if (lab && cache.__zonecutLabKey === key && now.getTime() - lab.builtAt.getTime() < MAX_AGE_MS) return lab;
  // ZONECUT_LAB_REGISTRY: the synthetic registry (lib/lab/registry.ts), children for scans to check.
  cache.__zonecutLab = buildLab({ now, csyncApplied: csyncAppliedZones(), registryChildren: getConfig().labRegistryChildren });
  cache.__zonecutLabKey = key;
  return cache.__zonecutLab;
}
