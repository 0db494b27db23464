import type { Metadata } from 'next';
import Link from 'next/link';
import { DOMAIN_FORM_PROPS, DomainFields } from '@/components/domain-fields';
import { LiveCheck } from '@/components/report/live-check';
import { normalizeDomain } from '@/lib/domain/normalize-domain';

type Props = { params: Promise<{ domain: string }> };

function parse(segment: string) {
  let text = segment;
  try {
    text = decodeURIComponent(segment);
  } catch {
    // A malformed escape: validate it as typed.
  }
  return { text, result: normalizeDomain(text) };
}

export async function generateMetadata({ params }: Props): Promise<Metadata> {
  const { result } = parse((await params).domain);
  return { title: result.ok ? result.domain : 'Invalid domain' };
}

export default async function CheckPage({ params }: Props) {
  const { text, result } = parse((await params).domain);
  if (!result.ok) {
    return (
      <div className="mx-auto max-w-3xl space-y-4">
        <h1 className="text-xl font-semibold">That is not a domain name</h1>
        {/* A plain form, rendered here: the live check's page loads no form code for this rare case. */}
        <form action="/check" method="get" {...DOMAIN_FORM_PROPS}>
          <DomainFields error={result.message} errorId="domain-error" input={{ defaultValue: text }} />
        </form>
      </div>
    );
  }
  return (
    <div className="space-y-5">
      <header className="flex flex-wrap items-baseline justify-between gap-x-4 gap-y-1">
        <h1 className="break-all font-mono text-2xl font-semibold">{result.domain}</h1>
        <Link href="/" className="text-sm text-sky-700 hover:underline dark:text-sky-400">
          Check another domain
        </Link>
      </header>
      <LiveCheck key={result.domain} domain={result.domain} />
    </div>
  );
}
