// Test support: a lab check's report, and csync-pending.test checked before and after the lab
// switch applies its CSYNC (the report comparison and the watch both read the same change).
import { setLabSwitch } from '@/lib/lab/lab-switches';
import type { Report } from '@/lib/report/report';
import { resetLabWiring, runCheck } from '@/lib/run-check';

export async function labReport(name: string): Promise<Report> {
  const result = await runCheck(name);
  if (!result.ok) throw new Error(result.error.message);
  return result.report;
}

/** Checks csync-pending.test, applies its CSYNC, checks it again; undo with restoreCsyncSwitch. */
export async function checkAcrossCsyncSwitch(): Promise<{ before: Report; after: Report }> {
  const before = await labReport('csync-pending.test');
  setLabSwitch('csync-pending', 'applied');
  resetLabWiring();
  const after = await labReport('csync-pending.test');
  return { before, after };
}

export function restoreCsyncSwitch(): void {
  setLabSwitch('csync-pending', 'original');
  resetLabWiring();
}
