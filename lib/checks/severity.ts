// Finding severities, apart from the catalogue so the pages' client code can order them without
// shipping the catalogue's prose.

export type Severity = 'error' | 'warning' | 'notice' | 'info';

/** Most severe first. */
export const SEVERITIES: readonly Severity[] = ['error', 'warning', 'notice', 'info'];

export function severityRank(severity: Severity): number {
  return SEVERITIES.indexOf(severity);
}
