// The exit status of `zonecut check`, for scripts and monitoring: what a badge would say, plus
// "could not check" when not a single server answered (our network, not their DNS, is down).
import { badgeStatus } from '@/lib/report/badge-status';
import type { Report } from '@/lib/report/report';

export const EXIT_OK = 0;
export const EXIT_WARNINGS = 1;
export const EXIT_ERRORS = 2;
/** Bad input or options, nothing answered, or stopped (limit, unreachable) with nothing found. */
export const EXIT_COULD_NOT_CHECK = 3;

export type CliExitCode = typeof EXIT_OK | typeof EXIT_WARNINGS | typeof EXIT_ERRORS | typeof EXIT_COULD_NOT_CHECK;

export function nothingAnswered(report: Report): boolean {
  return report.summary.totals.answered + report.summary.totals.cached === 0;
}

export function cliExitCode(report: Report): CliExitCode {
  if (nothingAnswered(report)) return EXIT_COULD_NOT_CHECK;
  const status = badgeStatus(report).status;
  switch (status) {
    case 'ok':
      return EXIT_OK;
    case 'warning':
      return EXIT_WARNINGS;
    case 'error':
      return EXIT_ERRORS;
    case 'unknown':
      return EXIT_COULD_NOT_CHECK;
  }
}
