import type { KeyboardEvent } from 'react';
import { diagramLayout, type DiagramBox } from '@/lib/report/view/diagram';
import type { TreeModel } from '@/lib/report/view/tree';
import { TONE_BOX, TONE_SVG_TEXT, TONE_TEXT, TONE_WORD } from '@/components/report/tone';
import { ToneGlyph } from '@/components/report/tone-icon';

export interface ChainDiagramProps {
  tree: TreeModel;
  title: string;
  subtitle: string;
  selectedId: string | null;
  onSelect: (id: string) => void;
}

function Box({ box, kind, selected, onSelect }: { box: DiagramBox; kind: 'zone' | 'server'; selected: boolean; onSelect: (id: string) => void }) {
  const onKey = (e: KeyboardEvent<SVGGElement>) => {
    if (e.key === 'Enter' || e.key === ' ') {
      e.preventDefault();
      onSelect(box.id);
    }
  };
  return (
    <g
      role="button"
      tabIndex={0}
      aria-label={`${kind === 'zone' ? 'zone' : 'nameserver'} ${box.title}, ${TONE_WORD[box.tone]}: ${box.status}. Select in the tree`}
      onClick={() => onSelect(box.id)}
      onKeyDown={onKey}
      className="diagram-box cursor-pointer outline-none"
    >
      <title>{`${box.title} — ${box.status}`}</title>
      <rect
        x={box.x}
        y={box.y}
        width={box.w}
        height={box.h}
        rx={6}
        strokeWidth={selected ? 3 : 1.5}
        className={`${TONE_BOX[box.tone]} ${selected ? 'stroke-sky-600! dark:stroke-sky-400!' : ''}`}
      />
      <text x={box.x + 10} y={box.y + 20} className={`fill-zinc-900 font-mono text-[12px] dark:fill-zinc-100 ${kind === 'zone' ? 'font-semibold' : ''}`}>
        {box.label}
      </text>
      <g transform={`translate(${box.x + 9} ${box.y + 29}) scale(0.8)`} className={TONE_TEXT[box.tone]}>
        <ToneGlyph tone={box.tone} />
      </g>
      <text x={box.x + 25} y={box.y + 40} className={`text-[11px] ${TONE_SVG_TEXT[box.tone]}`}>
        {box.status}
      </text>
    </g>
  );
}

/**
 * The whole chain at a glance, for the screen and for a ticket: zones from the root down, each
 * zone's nameservers beside it, every box coloured, marked and labelled with its status. SVG,
 * text as text (escaped by React like everything from DNS data). A click selects in the tree.
 */
export function ChainDiagram({ tree, title, subtitle, selectedId, onSelect }: ChainDiagramProps) {
  const layout = diagramLayout(tree);
  return (
    <div className="overflow-x-auto rounded-lg border border-zinc-200 bg-white dark:border-zinc-800 dark:bg-zinc-950">
      <svg
        viewBox={`0 0 ${layout.width} ${layout.height}`}
        width={layout.width}
        className="mx-auto block h-auto w-full min-w-[560px] max-w-[760px]"
        role="group"
        aria-label={`Delegation chain of ${title}`}
        data-testid="chain-diagram"
      >
        <text x={14} y={22} className="fill-zinc-900 font-mono text-[14px] font-semibold dark:fill-zinc-100">
          {title}
        </text>
        <text x={layout.width - 14} y={22} textAnchor="end" className="fill-zinc-500 text-[11px] dark:fill-zinc-400">
          {subtitle}
        </text>
        {layout.rows.map((row) => (
          <rect
            key={`band-${row.zone.id}`}
            x={row.band.x}
            y={row.band.y}
            width={row.band.w}
            height={row.band.h}
            rx={8}
            className="fill-zinc-50 dark:fill-zinc-900/60"
          />
        ))}
        {layout.arrows.map((a, i) => (
          <g key={`arrow-${i}`} className="stroke-zinc-400 dark:stroke-zinc-600">
            <line x1={a.x} y1={a.y1} x2={a.x} y2={a.y2 - 5} strokeWidth={1.5} />
            <path d={`M${a.x - 4} ${a.y2 - 8} L${a.x} ${a.y2 - 2} L${a.x + 4} ${a.y2 - 8}`} fill="none" strokeWidth={1.5} />
            <text x={a.x + 8} y={(a.y1 + a.y2) / 2 + 4} className="fill-zinc-500 stroke-none text-[10px] dark:fill-zinc-400">
              delegates
            </text>
          </g>
        ))}
        {layout.rows.map((row) => (
          <g key={row.zone.id}>
            <Box box={row.zone} kind="zone" selected={row.zone.id === selectedId} onSelect={onSelect} />
            {row.servers.map((s) => (
              <Box key={s.id} box={s} kind="server" selected={s.id === selectedId} onSelect={onSelect} />
            ))}
          </g>
        ))}
      </svg>
    </div>
  );
}
