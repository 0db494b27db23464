'use client';

// The catalogue's words for the findings of the report on the page (lib/checks/catalogue.ts
// findingTexts, made on the server): client components look a code up here (textOf), never in the catalogue,
// which would ship all of its prose to the browser.
import { createContext, useContext } from 'react';
import type { FindingTexts } from '@/lib/checks/catalogue';

export const FindingTextsContext = createContext<FindingTexts>({});

export function useFindingTexts(): FindingTexts {
  return useContext(FindingTextsContext);
}
