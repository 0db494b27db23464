import type { Tone } from '@/lib/report/view/status';
import { TONE_CHIP, TONE_TEXT, TONE_WORD } from '@/components/report/tone';
import { ToneIcon } from '@/components/report/tone-icon';

/**
 * Icon, words and colour together. `plain` drops the chip's box for dense rows. The tone word is
 * read to screen readers only when the text alone would not say it.
 */
export function StatusChip({ tone, text, plain = false, sayTone = false }: { tone: Tone; text: string; plain?: boolean; sayTone?: boolean }) {
  const box = plain ? TONE_TEXT[tone] : `rounded border px-1.5 py-px ${TONE_CHIP[tone]}`;
  return (
    <span className={`inline-flex max-w-full items-center gap-1 text-xs leading-5 ${box}`}>
      <ToneIcon tone={tone} className="size-3.5" />
      {sayTone ? <span className="sr-only">{TONE_WORD[tone]}: </span> : null}
      <span className="min-w-0 break-words">{text}</span>
    </span>
  );
}
