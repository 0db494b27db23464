// A scan's list of names, as POST /api/scans receives it: a JSON array of strings (or
// `{"names": [...]}`) or plain text, one name per line. Pure and isomorphic: the scan form counts
// with it before sending. Each entry is normalised as the check form does (normalizeDomain);
// duplicates after normalisation go, and an entry that is not a domain name becomes a per-name
// error rather than failing the whole scan.
import { normalizeDomain, type DomainErrorCode } from '@/lib/domain/normalize-domain';

import { MAX_SCAN_NAMES } from '@/lib/scans/scan-limits';

/** An invalid entry is kept (and shown) no longer than this. */
export const MAX_INVALID_ENTRY_CHARS = 300;

export interface InvalidScanEntry {
  /** The entry as given, trimmed and cut to MAX_INVALID_ENTRY_CHARS. */
  input: string;
  code: DomainErrorCode;
  message: string;
}

export interface ParsedScanNames {
  /** Normalised (A-labels, lowercase, no trailing dot), each once, in the order first given. */
  names: string[];
  invalid: InvalidScanEntry[];
  /** Entries dropped as repeats of an earlier one (after normalisation). */
  duplicates: number;
}

export type ParseScanResult = { ok: true; value: ParsedScanNames } | { ok: false; message: string };

/** Entries of the body: JSON when it looks like JSON (or is declared so), else lines. */
function entries(body: string, contentType: string): { ok: true; list: string[] } | { ok: false; message: string } {
  const trimmed = body.trim();
  const json = /\bjson\b/i.test(contentType) || trimmed.startsWith('[') || trimmed.startsWith('{');
  if (!json) {
    return {
      ok: true,
      list: body
        .split(/\r?\n/)
        .map((l) => l.trim())
        .filter((l) => l !== '' && !l.startsWith('#')),
    };
  }
  let parsed: unknown;
  try {
    parsed = JSON.parse(trimmed);
  } catch {
    return { ok: false, message: 'The body is not valid JSON: send a JSON array of names, or plain text with one name per line' };
  }
  const list = Array.isArray(parsed) ? parsed : typeof parsed === 'object' && parsed !== null ? (parsed as { names?: unknown }).names : undefined;
  if (!Array.isArray(list)) return { ok: false, message: 'The JSON body must be an array of names, or {"names": [...]}' };
  if (!list.every((n): n is string => typeof n === 'string')) return { ok: false, message: 'Every name in the JSON array must be a string' };
  return { ok: true, list: list.map((n) => n.trim()).filter((n) => n !== '') };
}

export function parseScanNames(body: string, contentType = ''): ParseScanResult {
  const got = entries(body, contentType);
  if (!got.ok) return got;
  if (got.list.length === 0) return { ok: false, message: 'The list holds no names: give at least one' };
  if (got.list.length > MAX_SCAN_NAMES) {
    return { ok: false, message: `The list holds ${got.list.length.toLocaleString('en')} names; a scan takes at most ${MAX_SCAN_NAMES.toLocaleString('en')}` };
  }
  const names: string[] = [];
  const invalid: InvalidScanEntry[] = [];
  const seen = new Set<string>();
  let duplicates = 0;
  for (const entry of got.list) {
    const result = normalizeDomain(entry);
    // An invalid entry is kept (and keyed in the results) by its first MAX_INVALID_ENTRY_CHARS characters: two
    // that share those are one entry, or the scan's results would hold one name twice.
    const key = result.ok ? result.domain : `\u0000${entry.slice(0, MAX_INVALID_ENTRY_CHARS)}`;
    if (seen.has(key)) {
      duplicates++;
      continue;
    }
    seen.add(key);
    if (result.ok) names.push(result.domain);
    else invalid.push({ input: entry.slice(0, MAX_INVALID_ENTRY_CHARS), code: result.code, message: result.message.slice(0, MAX_INVALID_ENTRY_CHARS) });
  }
  return { ok: true, value: { names, invalid, duplicates } };
}
