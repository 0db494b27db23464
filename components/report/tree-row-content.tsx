import type { Finding } from '@/lib/checks/catalogue';
import { useFindingTexts } from '@/components/report/finding-texts';
import { textOf } from '@/lib/report/finding-text';
import { addressStatus, nameserverStatus, ORIGIN_WORDS, SIDE_WORDS, zoneStatus } from '@/lib/report/view/status';
import type { TreeNode } from '@/lib/report/view/tree';
import { StatusChip } from '@/components/report/status-chip';

const KIND_WORDS = { zone: 'zone', nameserver: 'NS', address: 'address' } as const;

function Tag({ children, strong = false }: { children: string; strong?: boolean }) {
  return (
    <span
      className={`rounded px-1 text-[11px] leading-4 ${
        strong
          ? 'bg-amber-100 font-medium text-amber-900 ring-1 ring-amber-300 dark:bg-amber-950 dark:text-amber-300 dark:ring-amber-800'
          : 'bg-zinc-100 text-zinc-600 dark:bg-zinc-800 dark:text-zinc-300'
      }`}
    >
      {children}
    </span>
  );
}

/**
 * One tree row: the name, what kind of node it is, where it came from, its status in words, and
 * the problems found at it. All text: names from DNS data are rendered as React text, escaped.
 */
export function TreeRowContent({ node, findings, expanded, labelId }: { node: TreeNode; findings: readonly Finding[]; expanded: boolean; labelId: string }) {
  const texts = useFindingTexts();
  const status = node.kind === 'zone' ? zoneStatus(node) : node.kind === 'nameserver' ? nameserverStatus(node) : addressStatus(node);
  const own = node.findings.map((i) => findings[i]).filter((f): f is Finding => f !== undefined && f.severity !== 'info');
  const ownWorst = own[0]?.severity ?? null;
  // A closed node still says that something inside it needs a look.
  const hidden = !expanded && node.children.length > 0 && node.attention && node.attention !== 'info' && node.attention !== ownWorst ? node.attention : null;
  return (
    <span id={labelId} className="flex min-w-0 flex-1 flex-wrap items-center gap-x-2 gap-y-0.5">
      <span className="sr-only">{KIND_WORDS[node.kind]} </span>
      <span className={`min-w-0 break-all font-mono ${node.kind === 'zone' ? 'font-semibold' : ''}`}>{node.label}</span>
      {node.kind === 'zone' && node.isTarget ? <Tag>target</Tag> : null}
      {node.kind === 'zone' && node.coHosted ? <Tag>parent serves it too</Tag> : null}
      {node.kind === 'nameserver' && node.side ? <Tag strong={node.side !== 'both'}>{SIDE_WORDS[node.side]}</Tag> : null}
      {node.kind === 'address' ? node.origins.map((o) => <Tag key={o}>{ORIGIN_WORDS[o]}</Tag>) : null}
      <StatusChip tone={status.tone} text={status.text} plain />
      {own.map((f, i) => (
        <StatusChip key={`${f.code}-${i}`} tone={f.severity} text={textOf(texts, f.code).title} sayTone />
      ))}
      {hidden ? <StatusChip tone={hidden} text="problems inside" sayTone /> : null}
    </span>
  );
}
