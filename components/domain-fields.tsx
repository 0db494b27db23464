import type { InputHTMLAttributes, ReactNode } from 'react';

// The domain form's markup, without hooks or a directive: DomainForm wraps it with validation as
// the person types; the check page's "not a domain name" answer renders it on the server as a
// plain GET form (app/check/page.tsx forwards it), so that page ships no form code.
export function DomainFields({
  error,
  errorId,
  input,
}: {
  error: ReactNode;
  errorId: string;
  /** value/onChange (DomainForm) or defaultValue (the plain form). */
  input: InputHTMLAttributes<HTMLInputElement>;
}) {
  return (
    <>
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
          aria-invalid={error ? true : undefined}
          aria-describedby={error ? errorId : undefined}
          className="min-w-0 flex-1 rounded-md border border-zinc-300 bg-white px-3 py-2 font-mono text-base shadow-sm outline-none focus:border-sky-600 focus:ring-2 focus:ring-sky-600/30 aria-[invalid]:border-red-600 dark:border-zinc-700 dark:bg-zinc-900"
          {...input}
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
    </>
  );
}

/** The form's attributes, the same for both. */
export const DOMAIN_FORM_PROPS = { className: 'w-full', role: 'search', 'aria-label': 'Check a domain' } as const;
