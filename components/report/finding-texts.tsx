'use client';

// The catalogue's words for the findings of the report on the page (lib/checks/catalogue.ts
// findingTexts, made on the server): components look a code up here, never in the catalogue,
// which would ship all of its prose to the browser.
import { createContext, useContext } from 'react';
import type { FindingCode, FindingText, FindingTexts } from '@/lib/checks/catalogue';

export const FindingTextsContext = createContext<FindingTexts>({});

/** A code's words; a code the server sent none for (a bug) reads as itself. */
export function textOf(texts: FindingTexts, code: FindingCode): FindingText {
  return texts[code] ?? { title: code, family: 'coverage', why: '', fix: '', refs: [] };
}

export function useFindingTexts(): FindingTexts {
  return useContext(FindingTextsContext);
}
