// Crash-test helper (store.test.ts runs it as a child process and SIGKILLs it mid-burst): saves
// variants of one report as fast as it can, four at a time, and prints `begin` before and
// `saved <id> <sha256 of the report's JSON>` after each commit, so the test knows which writes were
// under way and which were acknowledged when the kill came. The crash bench (scripts/bench/crash.ts)
// runs it too, with a burst of [max] reports (unbounded when absent), then it exits.
//   node --conditions=react-server --import tsx lib/store/testing/burst-writer.ts '<database json>' <report.json> [max]
import '@/lib/exclude-network-from-reports';
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import type { Report } from '@/lib/report/report';
import { openStore, type DatabaseConfig } from '@/lib/store/get-store';

async function main(): Promise<void> {
  const [databaseJson, reportFile, maxText] = process.argv.slice(2);
  if (!databaseJson || !reportFile) throw new Error('usage: burst-writer <database json> <report file> [max]');
  const max = maxText === undefined ? Infinity : Number(maxText);
  const database = JSON.parse(databaseJson) as DatabaseConfig;
  const template = JSON.parse(readFileSync(reportFile, 'utf8')) as Report;
  const store = await openStore(database);
  process.stdout.write('ready\n');

  let n = 0;
  const writer = async (lane: number): Promise<void> => {
    while (n < max) {
      const i = n++;
      // Each report differs in content and size, so a torn write could not pass for a whole one.
      const report: Report = {
        ...template,
        analyzedAt: new Date(Date.UTC(2030, 0, 1, 0, 0, 0, i)).toISOString(),
        zonecutVersion: `burst-${lane}-${i}-${'x'.repeat(i % 997)}`,
      };
      process.stdout.write('begin\n');
      const saved = await store.saveReport(report);
      const sha256 = createHash('sha256').update(JSON.stringify(report), 'utf8').digest('hex');
      process.stdout.write(`saved ${saved.id} ${sha256}\n`);
    }
  };
  await Promise.all([0, 1, 2, 3].map(writer));
  await store.close();
}

main().catch((err: unknown) => {
  console.error(err);
  process.exit(1);
});
