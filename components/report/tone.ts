// Tailwind classes per tone: text, chip background and border, for light and dark. Tones always
// come with an icon and words (tone-icon.tsx, status-chip.tsx): colour is never the only signal.
import type { Tone } from '@/lib/report/view/status';

export const TONE_TEXT: Record<Tone, string> = {
  ok: 'text-emerald-700 dark:text-emerald-400',
  pending: 'text-sky-700 dark:text-sky-300',
  muted: 'text-zinc-500 dark:text-zinc-400',
  error: 'text-red-700 dark:text-red-400',
  warning: 'text-amber-700 dark:text-amber-400',
  notice: 'text-blue-700 dark:text-blue-300',
  info: 'text-zinc-600 dark:text-zinc-400',
};

export const TONE_CHIP: Record<Tone, string> = {
  ok: 'border-emerald-200 bg-emerald-50 text-emerald-800 dark:border-emerald-900 dark:bg-emerald-950/60 dark:text-emerald-300',
  pending: 'border-sky-200 bg-sky-50 text-sky-800 dark:border-sky-900 dark:bg-sky-950/60 dark:text-sky-300',
  muted: 'border-zinc-200 bg-zinc-50 text-zinc-600 dark:border-zinc-800 dark:bg-zinc-900 dark:text-zinc-400',
  error: 'border-red-200 bg-red-50 text-red-800 dark:border-red-900 dark:bg-red-950/60 dark:text-red-300',
  warning: 'border-amber-200 bg-amber-50 text-amber-900 dark:border-amber-900 dark:bg-amber-950/60 dark:text-amber-300',
  notice: 'border-blue-200 bg-blue-50 text-blue-800 dark:border-blue-900 dark:bg-blue-950/60 dark:text-blue-300',
  info: 'border-zinc-200 bg-zinc-50 text-zinc-700 dark:border-zinc-800 dark:bg-zinc-900 dark:text-zinc-300',
};

/** SVG box fill and stroke for the diagram. */
export const TONE_BOX: Record<Tone, string> = {
  ok: 'fill-white stroke-emerald-500 dark:fill-zinc-900 dark:stroke-emerald-600',
  pending: 'fill-white stroke-sky-400 dark:fill-zinc-900 dark:stroke-sky-600',
  muted: 'fill-zinc-50 stroke-zinc-300 dark:fill-zinc-900 dark:stroke-zinc-700',
  error: 'fill-red-50 stroke-red-600 dark:fill-red-950 dark:stroke-red-500',
  warning: 'fill-amber-50 stroke-amber-500 dark:fill-amber-950 dark:stroke-amber-500',
  notice: 'fill-blue-50 stroke-blue-500 dark:fill-blue-950 dark:stroke-blue-500',
  info: 'fill-white stroke-zinc-400 dark:fill-zinc-900 dark:stroke-zinc-600',
};

export const TONE_SVG_TEXT: Record<Tone, string> = {
  ok: 'fill-emerald-700 dark:fill-emerald-400',
  pending: 'fill-sky-700 dark:fill-sky-300',
  muted: 'fill-zinc-500 dark:fill-zinc-400',
  error: 'fill-red-700 dark:fill-red-400',
  warning: 'fill-amber-800 dark:fill-amber-400',
  notice: 'fill-blue-700 dark:fill-blue-300',
  info: 'fill-zinc-600 dark:fill-zinc-400',
};

/** What a screen reader hears before the text of a chip. */
export const TONE_WORD: Record<Tone, string> = {
  ok: 'ok',
  pending: 'pending',
  muted: 'not checked',
  error: 'error',
  warning: 'warning',
  notice: 'notice',
  info: 'info',
};
