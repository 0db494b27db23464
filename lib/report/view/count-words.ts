// Counts in words (`1 warning`, `3 errors`): the summary band and the permalink's description.
import type { Severity } from '@/lib/checks/catalogue';

export const SEVERITY_WORDS: Record<Severity, [string, string]> = {
  error: ['error', 'errors'],
  warning: ['warning', 'warnings'],
  notice: ['notice', 'notices'],
  info: ['info', 'info'],
};

export function countWords(severity: Severity, n: number): string {
  const [one, many] = SEVERITY_WORDS[severity];
  return `${n} ${n === 1 ? one : many}`;
}
