'use client';

import { useRouter } from 'next/navigation';
import { type FormEvent, useEffect, useId, useRef, useState } from 'react';
import { DOMAIN_FORM_PROPS, DomainFields } from '@/components/domain-fields';

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
    <form onSubmit={(e) => void onSubmit(e)} noValidate {...DOMAIN_FORM_PROPS}>
      <DomainFields
        error={error}
        errorId={errorId}
        input={{
          value,
          onChange: (e) => {
            setValue(e.target.value);
            latest.current = e.target.value;
            if (touched) void validate(e.target.value);
          },
        }}
      />
    </form>
  );
}
