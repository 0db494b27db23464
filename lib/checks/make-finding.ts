// One way to build a Finding: severity from the catalogue, summary rendered from the template.
import type { Observation } from '@/lib/dns/capture';
import { CATALOGUE, type Finding, type FindingCode, type ParamsFor, renderSummary, severityOf } from '@/lib/checks/catalogue';

export interface FindingInput<C extends FindingCode> {
  zone: string;
  params: ParamsFor<C>;
  /** Observations or their ids; duplicates are dropped (analyze puts them in capture order). */
  evidence: Iterable<Observation | string>;
  /** For codes with two severities: whether the escalated one applies. */
  escalate?: boolean;
  nameserver?: string;
  address?: string;
}

export function makeFinding<C extends FindingCode>(code: C, input: FindingInput<C>): Finding {
  const params: Record<string, string | number | string[]> = { ...input.params };
  const evidence = [...new Set([...input.evidence].map((e) => (typeof e === 'string' ? e : e.id)))];
  return {
    code,
    severity: severityOf(code, input.escalate ?? false),
    zone: input.zone,
    summary: renderSummary(CATALOGUE[code].summary, { ...params, zone: input.zone }),
    params,
    evidence,
    ...(input.nameserver !== undefined ? { nameserver: input.nameserver } : {}),
    ...(input.address !== undefined ? { address: input.address } : {}),
  };
}
