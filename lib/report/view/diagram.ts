// Layout of the chain diagram: zones top to bottom, each zone's nameservers beside it, every box
// with its status in words. Positions only (SVG units); the component draws them. Pure.
import { nameserverStatus, zoneStatus, SIDE_WORDS, type Tone } from '@/lib/report/view/status';
import type { Report } from '@/lib/report/report';
import type { SummaryView } from '@/lib/report/view/summary';
import type { TreeModel } from '@/lib/report/view/tree';

export const DIAGRAM_WIDTH = 760;
const PAD = 8;
const HEADER = 40;
const ZONE_W = 200;
const BOX_H = 50;
const SERVER_X = 236;
const SERVER_W = 250;
const GAP = 10;
const PER_LINE = 2;
const ROW_GAP = 30;
/** Characters that fit a box at the diagram's monospace sizes. */
const ZONE_CHARS = 25;
const SERVER_CHARS = 34;
const STATUS_CHARS = 36;

export interface DiagramBox {
  id: string;
  x: number;
  y: number;
  w: number;
  h: number;
  /** Fitted to the box; `title` holds the whole text. */
  label: string;
  title: string;
  status: string;
  tone: Tone;
}

export interface DiagramRow {
  zone: DiagramBox;
  servers: DiagramBox[];
  /** The band behind the zone and its servers. */
  band: { x: number; y: number; w: number; h: number };
}

export interface DiagramLayout {
  width: number;
  height: number;
  rows: DiagramRow[];
  /** Delegation arrows from each zone box down to the next. */
  arrows: { x: number; y1: number; y2: number }[];
}

/** Shorten from the middle so both the start and the zone suffix of a name stay readable. */
export function fit(text: string, max: number): string {
  if (text.length <= max) return text;
  const keep = max - 1;
  const head = Math.ceil(keep / 2);
  return `${text.slice(0, head)}…${text.slice(text.length - (keep - head))}`;
}

export function diagramLayout(tree: TreeModel): DiagramLayout {
  const rows: DiagramRow[] = [];
  const arrows: DiagramLayout['arrows'] = [];
  let y = HEADER;
  for (const zone of tree.zones) {
    const lines = Math.max(1, Math.ceil(zone.children.length / PER_LINE));
    const h = lines * BOX_H + (lines - 1) * GAP;
    const zs = zoneStatus(zone);
    const attention = zone.attention && zone.attention !== 'info' ? zone.attention : null;
    const n = zone.children.length;
    const zoneWords = [`${n} NS`, zone.isTarget ? 'target' : null, attention ?? (zs.tone === 'pending' ? 'waiting' : 'ok')];
    const zoneBox: DiagramBox = {
      id: zone.id,
      x: PAD + 6,
      y: y + 6,
      w: ZONE_W,
      h: BOX_H,
      label: fit(zone.zone, ZONE_CHARS),
      title: zone.zone,
      status: zoneWords.filter(Boolean).join(' · '),
      tone: attention ?? (zs.tone === 'pending' ? 'pending' : 'ok'),
    };
    const servers = zone.children.map((ns, i): DiagramBox => {
      const s = nameserverStatus(ns);
      const side = ns.side && ns.side !== 'both' ? `${SIDE_WORDS[ns.side]} · ` : '';
      const status = `${side}${s.text}`;
      const findings = ns.attention && ns.attention !== 'info' ? ns.attention : null;
      return {
        id: ns.id,
        x: SERVER_X + (i % PER_LINE) * (SERVER_W + GAP),
        y: y + 6 + Math.floor(i / PER_LINE) * (BOX_H + GAP),
        w: SERVER_W,
        h: BOX_H,
        label: fit(ns.name, SERVER_CHARS),
        title: `${ns.name}: ${status}`,
        status: fit(status, STATUS_CHARS),
        // A one-sided name is a problem even when it answers (ns.mismatch).
        tone: findings ?? (s.tone === 'ok' && side ? 'warning' : s.tone),
      };
    });
    rows.push({ zone: zoneBox, servers, band: { x: PAD, y, w: DIAGRAM_WIDTH - 2 * PAD, h: h + 12 } });
    const next = y + h + 12 + ROW_GAP;
    if (zone !== tree.zones.at(-1)) arrows.push({ x: PAD + 6 + ZONE_W / 2, y1: y + 6 + BOX_H, y2: next + 6 });
    y = next;
  }
  return { width: DIAGRAM_WIDTH, height: Math.max(y - ROW_GAP + PAD, HEADER + 20), rows, arrows };
}

/** The diagram's subtitle: the verdict and when the report was taken, or that the walk is running. */
export function diagramSubtitle(report: Report | null, summary: SummaryView | null): string {
  const overall = report ? (summary?.overall ?? null) : null;
  return overall ? `${overall.status === 'ok' ? 'ok' : overall.message} · ${report?.capture.startedAt.slice(0, 16).replace('T', ' ')} UTC` : 'checking…';
}
