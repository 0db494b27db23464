// Crash-test helper (store.test.ts runs it as a child process and SIGKILLs it mid-burst): saves
// variants of one report as fast as it can, four at a time, and prints `begin` before and
// `saved <id>` after each commit, so the test knows which writes were under way and which were
// acknowledged when the kill came.
//   node --conditions=react-server --import tsx lib/store/testing/burst-writer.ts '<database json>' <report.json>
import '@/lib/exclude-network-from-reports';
import { readFileSync } from 'node:fs';
import type { Report } from '@/lib/report/report';
import { openStore, type DatabaseConfig } from '@/lib/store/get-store';

async function main(): Promise<void> {
  const [databaseJson, reportFile] = process.argv.slice(2);
  if (!databaseJson || !reportFile) throw new Error('usage: burst-writer <database json> <report file>');
  const database = JSON.parse(databaseJson) as DatabaseConfig;
  const template = JSON.parse(readFileSync(reportFile, 'utf8')) as Report;
  const store = await openStore(database);
  process.stdout.write('ready\n');

  let n = 0;
  const writer = async (lane: number): Promise<never> => {
    for (;;) {
      const i = n++;
      // Each report differs in content and size, so a torn write could not pass for a whole one.
      const report: Report = {
        ...template,
        analyzedAt: new Date(Date.UTC(2030, 0, 1, 0, 0, 0, i)).toISOString(),
        zonecutVersion: `burst-${lane}-${i}-${'x'.repeat(i % 997)}`,
      };
      process.stdout.write('begin\n');
      const saved = await store.saveReport(report);
      process.stdout.write(`saved ${saved.id}\n`);
    }
  };
  await Promise.all([0, 1, 2, 3].map(writer));
}

main().catch((err: unknown) => {
  console.error(err);
  process.exit(1);
});
