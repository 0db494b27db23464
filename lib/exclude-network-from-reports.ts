// Import first in every entry point that may load a native module: instrumentation.ts (the
// server), scripts/cli/run-cli.ts, the store's crash-test writer and the vitest setup.
// Node's diagnostic report (process.report.getReport()) names both ends of every open socket by
// asking the operating system's resolver: a PTR query (`1.0.0.127.in-addr.arpa`) through
// /etc/resolv.conf, synchronous, on the event loop. libSQL's loader (@neon-rs/load and
// detect-libc) takes a report to learn the libc, so the server's first check leaked that query
// and stalled until it was answered. zonecut never uses the system resolver (README);
// e2e/no-os-resolver.spec.ts holds the built server to it.
type Report = NodeJS.ProcessReport & { excludeNetwork?: boolean }; // @types/node 20 lacks it

const report: Report | undefined = process.report;
if (!report || !('excludeNetwork' in report)) {
  throw new Error(`zonecut needs Node 20.13 or later (process.report.excludeNetwork keeps reports off the system resolver); this is ${process.version}`);
}
report.excludeNetwork = true;

export {};
