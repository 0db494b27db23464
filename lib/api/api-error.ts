// The one error model of the HTTP API (style.md 7): an ApiError carries a code from a closed set,
// errorResponse() maps it to its status and the body `{ error: { code, message } }`. Anything else
// thrown is a bug of ours: logged on the server, answered with a bare 500 that shows no internals.
// Isomorphic: clients read the same codes from response bodies.
import type { DomainErrorCode } from '@/lib/domain/normalize-domain';

/**
 * What went wrong, for programs. Input that is not a domain name keeps the precise code
 * normalizeDomain gave (`invalid-character`, `ip-address`…), so a form can say exactly what to fix.
 */
export type ApiErrorCode = DomainErrorCode | 'bad-request' | 'not-found' | 'rate-limited' | 'busy' | 'internal';

export type ApiErrorStatus = 400 | 404 | 429 | 500 | 503;

const STATUS: Record<ApiErrorCode, ApiErrorStatus> = {
  empty: 400,
  'ip-address': 400,
  'email-address': 400,
  'empty-label': 400,
  'label-too-long': 400,
  'name-too-long': 400,
  'invalid-character': 400,
  'invalid-hyphen': 400,
  'invalid-idn': 400,
  'bad-request': 400,
  'not-found': 404,
  'rate-limited': 429,
  /** This instance runs as many checks as it may at once (ZONECUT_MAX_CONCURRENT_CHECKS). */
  busy: 503,
  internal: 500,
};

/** The body of every error response. */
export interface ApiErrorBody {
  error: { code: ApiErrorCode; message: string };
}

const INTERNAL_MESSAGE = 'Internal error';

export class ApiError extends Error {
  override name = 'ApiError';
  readonly code: ApiErrorCode;
  /** For `rate-limited` and `busy`: when to try again (the Retry-After header). */
  readonly retryAfterSeconds: number | undefined;

  constructor(code: ApiErrorCode, message: string, options: { retryAfterSeconds?: number } = {}) {
    super(message);
    this.code = code;
    this.retryAfterSeconds = options.retryAfterSeconds;
  }

  get status(): ApiErrorStatus {
    return STATUS[this.code];
  }
}

export function apiErrorStatus(code: ApiErrorCode): ApiErrorStatus {
  return STATUS[code];
}

/**
 * What a client may be told about `err`: an ApiError as it is, anything else as `internal` without
 * its message (which may hold paths, addresses or data). Logs the unexpected ones.
 */
export function toApiErrorBody(err: unknown): ApiErrorBody {
  if (err instanceof ApiError) return { error: { code: err.code, message: err.message } };
  console.error('zonecut api: unexpected error', err);
  return { error: { code: 'internal', message: INTERNAL_MESSAGE } };
}

export function errorResponse(err: unknown): Response {
  const body = toApiErrorBody(err);
  const headers = new Headers({ 'cache-control': 'no-store' });
  if (err instanceof ApiError && err.retryAfterSeconds !== undefined) headers.set('retry-after', String(Math.ceil(err.retryAfterSeconds)));
  return Response.json(body, { status: STATUS[body.error.code], headers });
}

const CODES = new Set<string>(Object.keys(STATUS));

/** Reads an error body from a response (clients): null when it is not one of ours. */
export function parseApiErrorBody(value: unknown): ApiErrorBody | null {
  if (typeof value !== 'object' || value === null || !('error' in value)) return null;
  const error: unknown = value.error;
  if (typeof error !== 'object' || error === null || !('code' in error) || !('message' in error)) return null;
  const { code, message } = error;
  if (typeof code !== 'string' || !CODES.has(code) || typeof message !== 'string') return null;
  return { error: { code: code as ApiErrorCode, message } };
}
