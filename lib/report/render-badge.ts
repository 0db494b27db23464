// A Badge → shields-style SVG (badge-maker, shields.io's own renderer) or the shields.io endpoint
// JSON. badge-maker escapes text for XML; cleanBadgeLabel() also removes what XML 1.0 cannot hold
// at all, even escaped (control characters, lone surrogates), and bidi controls that could make a
// label read backwards. The message only ever comes from badgeStatus(): ok, N warnings, N errors,
// unknown — never from DNS data.
import { makeBadge } from 'badge-maker';
import { BADGE_COLORS, type Badge } from '@/lib/report/badge-status';

export const BADGE_STYLES = ['flat', 'flat-square', 'for-the-badge'] as const;
export type BadgeStyle = (typeof BADGE_STYLES)[number];

export const DEFAULT_BADGE_LABEL = 'DNS';
/** Characters (code points) a label may have. */
export const MAX_BADGE_LABEL = 64;

// C0 and C1 controls, zero-width and bidi formatting characters, BOM and the XML non-characters.
const UNWANTED = /[\u0000-\u001f\u007f-\u009f\u200b-\u200f\u202a-\u202e\u2060-\u2069\ufeff\ufffe\uffff]/g;
const LONE_SURROGATE = /[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/g;

/** A label safe to render: cleaned, whitespace collapsed, at most MAX_BADGE_LABEL; `DNS` when empty. */
export function cleanBadgeLabel(label: string | null | undefined): string {
  const cleaned = (label ?? '').replace(LONE_SURROGATE, '\ufffd').replace(UNWANTED, ' ').normalize('NFC').replace(/\s+/g, ' ').trim();
  if (!cleaned) return DEFAULT_BADGE_LABEL;
  return [...cleaned].slice(0, MAX_BADGE_LABEL).join('');
}

export interface RenderBadgeOptions {
  label?: string | null;
  style?: BadgeStyle;
}

export function renderBadgeSvg(badge: Badge, options: RenderBadgeOptions = {}): string {
  return makeBadge({
    label: cleanBadgeLabel(options.label),
    message: badge.message,
    color: BADGE_COLORS[badge.status],
    style: options.style ?? 'flat',
  });
}

/** https://shields.io/badges/endpoint-badge */
export interface ShieldsEndpoint {
  schemaVersion: 1;
  label: string;
  message: string;
  color: string;
  /** How long shields.io may cache it; it never goes below 300. */
  cacheSeconds: number;
}

export function shieldsEndpoint(badge: Badge, options: { label?: string | null; cacheSeconds?: number } = {}): ShieldsEndpoint {
  return {
    schemaVersion: 1,
    label: cleanBadgeLabel(options.label),
    message: badge.message,
    color: BADGE_COLORS[badge.status],
    cacheSeconds: Math.max(300, Math.round(options.cacheSeconds ?? 300)),
  };
}
