// The chain of trust, zone by zone from the root: anchor or DS → key-signing key → the DNSKEY set →
// the signed RRsets, every link with its status in words (never colour alone) and the responses
// behind it. A server component: a stack of lists, no table, so it fits a phone's width; signature
// details sit in <details>, open where something is wrong.
import type { ReactNode } from 'react';
import type { ChainOfTrustView, ChainStatusView, RrsetView, SignatureView, ZoneChainView } from '@/lib/report/view/chain-of-trust';
import { ShowRecordsButton } from '@/components/report/report-actions';
import { StatusChip } from '@/components/report/status-chip';

const mono = 'break-all font-mono text-xs';
const stepTitle = 'text-xs font-semibold uppercase tracking-wide text-zinc-600 dark:text-zinc-400';

function Status({ status }: { status: ChainStatusView }) {
  return <StatusChip tone={status.tone} text={status.words} />;
}

function Signature({ sig }: { sig: SignatureView }) {
  return (
    <li className="min-w-0 space-y-0.5 border-l border-zinc-200 pl-2 text-sm dark:border-zinc-700" data-testid="signature">
      <p className="flex flex-wrap items-center gap-x-2 gap-y-0.5">
        <span>
          RRSIG {sig.typeCovered} by key <span className="font-mono">{sig.keyTag}</span>
          {sig.keyNote ? ` (${sig.keyNote})` : ''}
          {sig.otherSigner ? (
            <>
              {' '}
              of <span className="break-all font-mono">{sig.otherSigner}</span>
            </>
          ) : null}{' '}
          · {sig.algorithm}
        </span>
        <StatusChip tone={sig.tone} text={sig.statusWords} plain sayTone />
      </p>
      <p className="text-xs text-zinc-600 dark:text-zinc-400">
        valid {sig.inception} to {sig.expiration} · <span className="font-medium text-zinc-800 dark:text-zinc-200">{sig.window}</span>
      </p>
      {sig.status !== 'valid' ? <p className="break-words text-xs text-zinc-600 dark:text-zinc-400">{sig.detail}</p> : null}
    </li>
  );
}

function Rrsets({ rrsets, empty }: { rrsets: RrsetView[]; empty: string }) {
  if (rrsets.length === 0) return <p className="text-sm text-zinc-600 dark:text-zinc-400">{empty}</p>;
  return (
    <ul className="space-y-1.5">
      {rrsets.map((r) => (
        <li key={r.label} className="min-w-0">
          <details open={r.tone === 'error' || r.tone === 'warning'} className="group rounded border border-zinc-200 dark:border-zinc-800">
            <summary className="flex cursor-pointer flex-wrap items-center gap-x-2 gap-y-0.5 px-2 py-1 text-sm">
              <span className="break-all font-mono">{r.label}</span>
              <StatusChip tone={r.tone} text={r.summary} plain />
            </summary>
            <ul className="space-y-2 border-t border-zinc-200 p-2 dark:border-zinc-800">
              {r.variants.map((v) => (
                <li key={v.evidence.join(' ')} className="min-w-0 space-y-1">
                  <div className="flex flex-wrap items-center gap-x-2 gap-y-0.5">
                    <Status status={v.status} />
                    <ShowRecordsButton title={`${r.label} from ${v.servers.join(', ')}`} ids={v.evidence} />
                  </div>
                  <p className="break-words text-xs text-zinc-600 dark:text-zinc-400">
                    {v.servers.length === 1 ? 'Server' : `${v.servers.length} servers`}: {v.servers.join(', ')}
                  </p>
                  {v.signatures.length === 0 ? (
                    <p className="text-sm">No RRSIG served.</p>
                  ) : (
                    <ul className="space-y-1" aria-label={`Signatures over ${r.label}`}>
                      {v.signatures.map((s, i) => (
                        <Signature key={`${s.keyTag}-${s.algorithm}-${i}`} sig={s} />
                      ))}
                    </ul>
                  )}
                </li>
              ))}
            </ul>
          </details>
        </li>
      ))}
    </ul>
  );
}

function Step({ title, children }: { title: string; children: ReactNode }) {
  return (
    <li className="relative min-w-0 space-y-1 border-l-2 border-zinc-300 pb-1 pl-3 dark:border-zinc-700">
      <h5 className={stepTitle}>{title}</h5>
      {children}
    </li>
  );
}

function ZoneChain({ z, index }: { z: ZoneChainView; index: number }) {
  const id = `chain-zone-${index}`;
  return (
    <article aria-labelledby={id} className="min-w-0 space-y-2 rounded-lg border border-zinc-200 p-3 dark:border-zinc-800" data-testid="chain-zone">
      <div className="flex flex-wrap items-center justify-between gap-2">
        <h4 id={id} className="flex min-w-0 flex-wrap items-center gap-2 text-sm font-semibold">
          <span className="break-all font-mono">{z.zone}</span>
          <Status status={z.verdict} />
        </h4>
        {z.evidence.length > 0 ? <ShowRecordsButton title={`Chain of trust of ${z.zone}`} ids={z.evidence} /> : null}
      </div>
      {z.reasons.length > 0 ? (
        <ul className="list-inside list-disc text-sm text-zinc-700 dark:text-zinc-300" aria-label={`Why ${z.zone} is ${z.verdict.status}`}>
          {z.reasons.map((r) => (
            <li key={r} className="break-words">
              {r}
            </li>
          ))}
        </ul>
      ) : null}
      <ol className="space-y-2" aria-label={`Links of the chain for ${z.zone}`}>
        <Step title={z.anchor.title}>
          <Status status={z.anchor.status} />
          {z.anchor.detail ? <p className="break-words text-sm text-zinc-700 dark:text-zinc-300">{z.anchor.detail}</p> : null}
        </Step>
        <Step title="DS → key-signing key">
          {z.keyLinks.length === 0 ? (
            <p className="text-sm text-zinc-600 dark:text-zinc-400">No DS or anchor digest names a key of this zone.</p>
          ) : (
            <ul className="space-y-1">
              {z.keyLinks.map((l) => (
                <li key={l.ds} className="min-w-0 space-y-0.5">
                  <p className={mono}>DS {l.ds}</p>
                  <Status status={l.status} />
                </li>
              ))}
            </ul>
          )}
        </Step>
        <Step title="DNSKEY set: key-signing key → zone-signing keys">
          <Rrsets rrsets={z.keyset} empty="No DNSKEY RRset was judged." />
        </Step>
        <Step title="Signed RRsets: zone-signing key → data">
          <Rrsets rrsets={z.rrsets} empty="No other RRset was judged." />
        </Step>
      </ol>
      {z.resolver ? (
        <p className="flex flex-wrap items-center gap-x-2 gap-y-0.5 text-sm">
          <StatusChip tone={z.resolver.tone} text="Resolver" plain sayTone />
          <span className="min-w-0 break-words text-zinc-700 dark:text-zinc-300">{z.resolver.words}</span>
        </p>
      ) : null}
    </article>
  );
}

export function ChainOfTrust({ view }: { view: ChainOfTrustView }) {
  const target = view.zones.at(-1)?.zone ?? '';
  return (
    <section
      aria-labelledby="chain-of-trust-heading"
      className="min-w-0 space-y-2 rounded-lg border border-zinc-200 bg-white p-3 dark:border-zinc-800 dark:bg-zinc-900/40"
    >
      <div>
        <h3 id="chain-of-trust-heading" className="text-sm font-semibold">
          Chain of trust
        </h3>
        <p className="text-xs text-zinc-600 dark:text-zinc-400">
          From the root&apos;s trust anchor down to <span className="break-all font-mono">{target}</span>. Signature windows are counted from the check time,{' '}
          {view.checkedAt.slice(0, 16).replace('T', ' ')} UTC.
        </p>
      </div>
      <ol className="space-y-3" aria-label="Zones from the root down">
        {view.zones.map((z, i) => (
          <li key={z.zone} className="min-w-0">
            <ZoneChain z={z} index={i} />
          </li>
        ))}
      </ol>
    </section>
  );
}
