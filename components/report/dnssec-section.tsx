import type { ReactNode } from 'react';
import type { Finding, FindingTexts } from '@/lib/checks/catalogue';
import type { Report } from '@/lib/report/report';
import { cdsView, csyncFlagWords, csyncView, dnssecView, type DnssecView } from '@/lib/report/view/dnssec';
import { chainOfTrustView } from '@/lib/report/view/chain-of-trust';
import { textOf } from '@/lib/report/finding-text';
import { ChainOfTrust } from '@/components/report/chain-of-trust';
import { ShowRecordsButton } from '@/components/report/report-actions';
import { StatusChip } from '@/components/report/status-chip';

function Card({ title, children, evidence }: { title: string; children: ReactNode; evidence?: string[] }) {
  return (
    <section className="min-w-0 space-y-2 rounded-lg border border-zinc-200 bg-white p-3 dark:border-zinc-800 dark:bg-zinc-900/40" aria-label={title}>
      <div className="flex flex-wrap items-baseline justify-between gap-2">
        <h3 className="text-sm font-semibold">{title}</h3>
        {evidence && evidence.length > 0 ? <ShowRecordsButton title={title} ids={evidence} /> : null}
      </div>
      {children}
    </section>
  );
}

function Findings({ findings, indexes, texts }: { findings: readonly Finding[]; indexes: number[]; texts: FindingTexts }) {
  if (indexes.length === 0) return null;
  return (
    <ul className="space-y-1">
      {indexes.map((i) => {
        const f = findings[i];
        if (!f) return null;
        return (
          <li key={i} className="flex flex-wrap items-start gap-x-2 gap-y-0.5 text-sm">
            <span className="shrink-0">
              <StatusChip tone={f.severity} text={textOf(texts, f.code).title} sayTone />
            </span>
            <span className="min-w-0 break-words text-zinc-700 dark:text-zinc-300">{f.summary}</span>
          </li>
        );
      })}
    </ul>
  );
}

const mono = 'break-all font-mono text-xs';
const label = 'text-xs font-medium uppercase tracking-wide text-zinc-500 dark:text-zinc-400';

function DsKeys({ view, report, texts }: { view: DnssecView; report: Report; texts: FindingTexts }) {
  const findingIdx = report.findings.flatMap((f, i) => (textOf(texts, f.code).family === 'dnssec' && f.zone === view.zone ? [i] : []));
  const namedKeys = new Set(view.ds.flatMap((d) => (d.match ? [d.match.keyIndex] : [])));
  return (
    <Card title="DS at the parent, DNSKEY at the child" evidence={[...view.dsEvidence, ...view.keyEvidence]}>
      <Findings texts={texts} findings={report.findings} indexes={findingIdx} />
      <div className="grid gap-4 sm:grid-cols-2">
        <div className="min-w-0 space-y-1">
          <p className={label}>DS in {view.parent}</p>
          {!view.dsKnown ? <p className="text-sm text-zinc-500">The parent was not asked for DS.</p> : null}
          {view.dsKnown && view.ds.length === 0 ? <p className="text-sm">none: the delegation is unsigned</p> : null}
          <ul className="space-y-2">
            {view.ds.map((d) => {
              const m = d.match;
              const key = m ? view.keys[m.keyIndex] : undefined;
              return (
                <li key={`${d.ds.keyTag}-${d.ds.digestType}-${d.ds.digest}`} className="space-y-0.5 text-sm">
                  <p>
                    <span className="font-mono">{d.ds.keyTag}</span> · {d.algorithm} · {d.digestType}
                  </p>
                  <p className={`${mono} text-zinc-500 dark:text-zinc-400`}>{d.ds.digest.toUpperCase()}</p>
                  {m && key ? (
                    <StatusChip
                      tone={m.verified ? 'ok' : 'notice'}
                      text={`names DNSKEY ${key.tag} (${key.role})${m.verified ? ', digest verified' : ', digest type not checked'}`}
                      plain
                    />
                  ) : (
                    <StatusChip tone="error" text={d.candidates > 0 ? 'tag matches a key, digest does not' : 'matches no served DNSKEY'} plain />
                  )}
                </li>
              );
            })}
          </ul>
        </div>
        <div className="min-w-0 space-y-1">
          <p className={label}>DNSKEY at {view.zone}</p>
          {view.keys.length === 0 ? <p className="text-sm">none served</p> : null}
          <ul className="space-y-1.5">
            {view.keys.map((k, i) => (
              <li key={k.key.publicKey} className="text-sm">
                <p>
                  <span className="font-mono">{k.tag}</span> · {k.role} · {k.algorithm} · flags {k.key.flags}
                </p>
                {namedKeys.has(i) ? (
                  <StatusChip tone="ok" text="named by a DS at the parent" plain />
                ) : k.role === 'KSK' && view.ds.length > 0 ? (
                  <StatusChip tone="muted" text="no DS names it" plain />
                ) : null}
              </li>
            ))}
          </ul>
        </div>
      </div>
    </Card>
  );
}

function Cds({ report, texts }: { report: Report; texts: FindingTexts }) {
  const v = cdsView(report, (code) => textOf(texts, code).family);
  if (!v) {
    return (
      <Card title="CDS / CDNSKEY">
        <p className="text-sm text-zinc-600 dark:text-zinc-400">The zone publishes no CDS or CDNSKEY: it asks its parent for no DS change.</p>
      </Card>
    );
  }
  const verdict = v.verdict;
  return (
    <Card title="CDS / CDNSKEY" evidence={v.evidence}>
      <div className="grid gap-3 sm:grid-cols-2">
        <div className="min-w-0">
          <p className={label}>CDS</p>
          <ul className={mono}>
            {v.cds.length === 0 ? <li className="font-sans text-sm">none</li> : null}
            {v.cds.map((d) => (
              <li key={`${d.keyTag} ${d.digest}`}>{`${d.keyTag} ${d.algorithm} ${d.digestType} ${d.digest.toUpperCase()}`}</li>
            ))}
          </ul>
        </div>
        <div className="min-w-0">
          <p className={label}>CDNSKEY</p>
          <ul className="text-sm">
            {v.cdnskey.length === 0 ? <li>none</li> : null}
            {v.cdnskey.map((k) => (
              <li key={k.key.publicKey}>{k.key.algorithm === 0 ? 'delete request (0 3 0 AA==)' : `${k.tag} · ${k.role} · ${k.algorithm}`}</li>
            ))}
          </ul>
        </div>
      </div>
      <div className="space-y-1 rounded bg-zinc-50 p-2 text-sm dark:bg-zinc-900">
        <p className="font-medium">What a parent scanning for them would do</p>
        {verdict.kind === 'pending' ? (
          <>
            <p>Install this DS set:</p>
            <ul className={mono}>
              {verdict.install.map((d) => (
                <li key={d}>
                  {d}
                  {verdict.add.includes(d) ? <span className="font-sans text-emerald-700 dark:text-emerald-400"> (new)</span> : null}
                </li>
              ))}
            </ul>
            {verdict.remove.length > 0 ? (
              <>
                <p>and remove:</p>
                <ul className={`${mono} text-red-700 line-through decoration-1 dark:text-red-400`}>
                  {verdict.remove.map((d) => (
                    <li key={d}>{d}</li>
                  ))}
                </ul>
              </>
            ) : null}
          </>
        ) : verdict.kind === 'in-sync' ? (
          <p>
            Nothing: the DS at the parent already matches ({verdict.install.length} record{verdict.install.length === 1 ? '' : 's'}).
          </p>
        ) : verdict.kind === 'delete' ? (
          <p>Remove every DS{verdict.remove.length > 0 ? ` (${verdict.remove.length})` : ''}: the zone would become insecure.</p>
        ) : verdict.kind === 'bootstrap' ? (
          <>
            <p>No DS at the parent yet, so nothing authenticates them: a parent can only bootstrap the DS. Now {verdict.stateWords}.</p>
            <p>RFC 9615 signalling at each NS name of the delegation:</p>
            <ul className="space-y-0.5">
              {verdict.signals.map((s) => (
                <li key={s.ns} className="flex flex-wrap items-start gap-x-2">
                  <StatusChip tone={s.tone} text={s.ns} plain />
                  <span className="min-w-0 break-words text-zinc-700 dark:text-zinc-300">{s.words}</span>
                </li>
              ))}
            </ul>
            <p>The DS set a bootstrap would install:</p>
            <ul className={mono}>
              {verdict.install.map((d) => (
                <li key={d}>{d}</li>
              ))}
            </ul>
          </>
        ) : verdict.kind === 'inconsistent' ? (
          <p>Nothing: they are inconsistent ({verdict.problem}), and a parent must not act on them.</p>
        ) : (
          <p>Nothing that zonecut could determine.</p>
        )}
      </div>
      <Findings texts={texts} findings={report.findings} indexes={v.findings.filter((i) => report.findings[i]?.code !== 'cds.present')} />
    </Card>
  );
}

function Csync({ report, texts }: { report: Report; texts: FindingTexts }) {
  const v = csyncView(report, (code) => textOf(texts, code).family);
  if (!v) {
    return (
      <Card title="CSYNC">
        <p className="text-sm text-zinc-600 dark:text-zinc-400">The zone publishes no CSYNC: it asks its parent to copy no NS or glue.</p>
      </Card>
    );
  }
  return (
    <Card title="CSYNC" evidence={v.evidence}>
      {v.records.map((c) => {
        const { words, unknownBits } = csyncFlagWords(c.flags);
        return (
          <div key={`${c.serial} ${c.flags} ${c.types.join(' ')}`} className="space-y-1 text-sm">
            <p className={mono}>{`CSYNC ${c.serial} ${c.flags} ${c.types.join(' ')}`}</p>
            <ul className="space-y-0.5">
              {words.map((w) => (
                <li key={w.name}>
                  <StatusChip tone={w.set ? 'ok' : 'muted'} text={`${w.name} ${w.set ? 'set' : 'clear'}`} plain />{' '}
                  <span className="text-zinc-600 dark:text-zinc-400">{w.set ? w.meaning : `not: ${w.meaning}`}</span>
                </li>
              ))}
              {unknownBits ? (
                <li>
                  <StatusChip tone="warning" text={`unknown bits 0x${unknownBits.toString(16).padStart(4, '0')}`} plain />
                </li>
              ) : null}
            </ul>
            <p className="text-zinc-700 dark:text-zinc-300">
              Types to copy: {c.types.join(', ')} · CSYNC serial {c.serial}
              {v.soaSerials.length > 0 ? ` · the zone's SOA serial${v.soaSerials.length > 1 ? 's' : ''}: ${v.soaSerials.join(', ')}` : ''}
            </p>
          </div>
        );
      })}
      <div className="space-y-1 rounded bg-zinc-50 p-2 text-sm dark:bg-zinc-900">
        <p className="font-medium">What a parent processing it would do</p>
        {v.blockers.length > 0 ? (
          <>
            <p>Nothing: it would not act, because</p>
            <ul className="list-inside list-disc">
              {v.blockers.map((b) => (
                <li key={b.finding}>{b.reason}</li>
              ))}
            </ul>
          </>
        ) : null}
        {v.effect.kind === 'pending' ? (
          <>
            {v.blockers.length > 0 ? (
              <p>Once it does, it would change the delegation in {v.effect.parent}:</p>
            ) : (
              <p>Change the delegation in {v.effect.parent}:</p>
            )}
            <ul className={mono}>
              {v.effect.add.map((a) => (
                <li key={`+${a}`} className="text-emerald-700 dark:text-emerald-400">
                  + {a}
                </li>
              ))}
              {v.effect.remove.map((r) => (
                <li key={`-${r}`} className="text-red-700 dark:text-red-400">
                  − {r}
                </li>
              ))}
            </ul>
          </>
        ) : v.effect.kind === 'in-sync' ? (
          <p>Nothing would change: the delegation already matches.</p>
        ) : v.blockers.length === 0 ? (
          <p>Not determined (the zone&apos;s servers disagree, or the parent&apos;s delegation was not seen).</p>
        ) : null}
      </div>
      <Findings
        texts={texts}
        findings={report.findings}
        indexes={v.findings.filter((i) => !['csync.present', 'csync.pending'].includes(report.findings[i]?.code ?? ''))}
      />
    </Card>
  );
}

/** The chain of trust from the root, then DNSSEC and the child-to-parent signals (CDS/CDNSKEY, CSYNC) of the target zone. */
export function DnssecSection({ report, texts }: { report: Report; texts: FindingTexts }) {
  const view = dnssecView(report);
  const chain = chainOfTrustView(report);
  const chainPart = chain ? (
    <ChainOfTrust view={chain} />
  ) : report.capture.targetZone ? (
    <p className="text-sm text-zinc-500 dark:text-zinc-400">
      This report holds no chain-of-trust validation (it was analysed before zonecut validated signatures).
    </p>
  ) : null;
  if (!view) {
    return (
      <div className="space-y-3">
        {chainPart}
        <p className="text-sm text-zinc-500 dark:text-zinc-400">The walk did not reach a delegated target zone: there is no DS, CDS or CSYNC to show.</p>
      </div>
    );
  }
  return (
    <div className="space-y-3">
      {chainPart}
      <DsKeys view={view} report={report} texts={texts} />
      <div className="grid gap-3 lg:grid-cols-2">
        <Cds report={report} texts={texts} />
        <Csync report={report} texts={texts} />
      </div>
    </div>
  );
}
