'use client';

import { useRouter } from 'next/navigation';
import { type FormEvent, useEffect, useId, useRef, useState } from 'react';

// The validator carries the IDNA tables (tr46): loaded after the page, not with it, so the pages'
// first-load JavaScript stays small. It is asked for on mount, long before anyone submits.
let validator: Promise<typeof import('@/lib/domain/normalize-domain')> | null = null;
const loadValidator = () => (validator ??= import('@/lib/domain/normalize-domain'));

/** The domain field: validates as the person types (after a first submit), no round trip for bad input. */
export function DomainForm({ initial = '' }: { initial?: string }) {
  const router = useRouter();
  const [value, setValue] = useState(initial);
  const [error, setError] = useState<string | null>(null);
  const [touched, setTouched] = useState(false);
  const latest = useRef(initial);
  const errorId = useId();

  useEffect(() => {
    void loadValidator();
  }, []);

  /** The verdict on `text`, shown only if it is still what the field holds (typing may have moved on). */
  async function validate(text: string) {
    const r = (await loadValidator()).normalizeDomain(text);
    if (latest.current === text) setError(r.ok ? null : r.message);
    return r;
  }

  async function onSubmit(e: FormEvent) {
    e.preventDefault();
    setTouched(true);
    const r = await validate(value);
    if (r.ok) router.push(`/check/${encodeURIComponent(r.domain)}`);
  }

  return (
    <form onSubmit={(e) => void onSubmit(e)} noValidate className="w-full" role="search" aria-label="Check a domain">
      <label htmlFor="domain" className="mb-1 block text-sm font-medium">
        Domain
      </label>
      <div className="flex flex-col gap-2 sm:flex-row">
        <input
          id="domain"
          name="domain"
          type="text"
          inputMode="url"
          autoComplete="off"
          autoCapitalize="none"
          spellCheck={false}
          autoFocus
          placeholder="example.com"
          value={value}
          aria-invalid={error ? true : undefined}
          aria-describedby={error ? errorId : undefined}
          onChange={(e) => {
            setValue(e.target.value);
            latest.current = e.target.value;
            if (touched) void validate(e.target.value);
          }}
          className="min-w-0 flex-1 rounded-md border border-zinc-300 bg-white px-3 py-2 font-mono text-base shadow-sm outline-none focus:border-sky-600 focus:ring-2 focus:ring-sky-600/30 aria-[invalid]:border-red-600 dark:border-zinc-700 dark:bg-zinc-900"
        />
        <button
          type="submit"
          className="rounded-md bg-sky-700 px-4 py-2 font-medium text-white hover:bg-sky-800 focus:outline-none focus-visible:ring-2 focus-visible:ring-sky-600 focus-visible:ring-offset-2 dark:focus-visible:ring-offset-zinc-950"
        >
          Check
        </button>
      </div>
      <p id={errorId} role="alert" className="mt-2 min-h-5 text-sm text-red-700 dark:text-red-400">
        {error}
      </p>
    </form>
  );
}
