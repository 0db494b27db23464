// The browser's side of the watch API: one fetch helper that turns an error body into its message.
import { parseApiErrorBody } from '@/lib/api/api-error';

export async function watchApi<T>(path: string, init?: RequestInit): Promise<T> {
  const response = await fetch(path, { ...init, headers: { 'content-type': 'application/json', ...init?.headers }, cache: 'no-store' });
  const body: unknown = await response.json().catch(() => null);
  if (!response.ok) throw new Error(parseApiErrorBody(body)?.error.message ?? `The server answered ${response.status}`);
  return body as T;
}
