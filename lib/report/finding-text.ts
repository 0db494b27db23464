// A finding code's words from those a report page was sent (lib/checks/catalogue.ts findingTexts).
// Its own module, not the catalogue's: the page's client code imports it.
import type { FindingCode, FindingText, FindingTexts } from '@/lib/checks/catalogue';

/** A code's words; a code the server sent none for (a bug) reads as itself. */
export function textOf(texts: FindingTexts, code: FindingCode): FindingText {
  return texts[code] ?? { title: code, family: 'coverage', why: '', fix: '', refs: [] };
}
