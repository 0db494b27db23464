// A badge URL → the name and how to draw it, or an ApiError. `/badge/<domain>.svg` carries its
// suffix in the route parameter; `/api/badge/<domain>` has none. Query: `label` (default DNS) and
// `style` (flat, flat-square, for-the-badge).
import { z } from 'zod';
import { ApiError } from '@/lib/api/api-error';
import { normalizeDomain } from '@/lib/domain/normalize-domain';
import { BADGE_STYLES, MAX_BADGE_LABEL, type BadgeStyle } from '@/lib/report/render-badge';

export interface BadgeRequest {
  /** Absolute, lowercase A-labels with the trailing dot. */
  fqdn: string;
  label: string | null;
  style: BadgeStyle;
}

export const badgeQuerySchema = z.object({
  label: z
    .string()
    .refine((s) => [...s].length <= MAX_BADGE_LABEL, `The label is longer than ${MAX_BADGE_LABEL} characters`)
    .nullable(),
  style: z.enum(BADGE_STYLES, { error: `The style must be one of ${BADGE_STYLES.join(', ')}` }).nullable(),
});

/** The route parameter, percent-decoded once, without `suffix`; null when the suffix is missing. */
function stripSuffix(param: string, suffix: string | null): string | null {
  let name: string;
  try {
    name = decodeURIComponent(param);
  } catch {
    throw new ApiError('bad-request', 'The domain in the URL is not valid percent-encoding');
  }
  if (suffix === null) return name;
  if (!name.toLowerCase().endsWith(suffix)) return null;
  return name.slice(0, -suffix.length);
}

export function parseBadgeRequest(param: string, url: URL, suffix: '.svg' | null): BadgeRequest {
  const name = stripSuffix(param, suffix);
  if (name === null) throw new ApiError('not-found', `No such badge: badge URLs end in ${suffix}, e.g. /badge/example.com${suffix}`);
  const query = badgeQuerySchema.safeParse({ label: url.searchParams.get('label'), style: url.searchParams.get('style') });
  if (!query.success) throw new ApiError('bad-request', query.error.issues[0]?.message ?? 'Bad request');
  const domain = normalizeDomain(name);
  if (!domain.ok) throw new ApiError(domain.code, domain.message);
  return { fqdn: domain.fqdn, label: query.data.label, style: query.data.style ?? 'flat' };
}
