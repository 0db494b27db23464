// `?domain=…` of /api/check and /api/check/stream → the name to check, or an ApiError: 400
// `bad-request` when the parameter is missing, 400 with normalizeDomain's own code when what was
// given is not a domain name. Validated before any work starts, so the stream can still answer a
// plain 400 instead of opening a stream that fails.
import { z } from 'zod';
import { ApiError } from '@/lib/api/api-error';
import { normalizeDomain } from '@/lib/domain/normalize-domain';

/** The longest input worth normalising: a URL around a 253-octet name, with room to spare. */
const MAX_INPUT = 2048;

export const checkQuerySchema = z.object({
  domain: z
    .string({ error: 'Missing the domain parameter, e.g. ?domain=example.com' })
    .max(MAX_INPUT, `The domain parameter is longer than ${MAX_INPUT} characters`),
});

export interface CheckQuery {
  /** A-labels, lowercase, without the trailing dot: what runCheck is given. */
  domain: string;
}

export function parseCheckQuery(url: URL): CheckQuery {
  const parsed = checkQuerySchema.safeParse({ domain: url.searchParams.get('domain') ?? undefined });
  if (!parsed.success) throw new ApiError('bad-request', parsed.error.issues[0]?.message ?? 'Bad request');
  const name = normalizeDomain(parsed.data.domain);
  if (!name.ok) throw new ApiError(name.code, name.message);
  return { domain: name.domain };
}
