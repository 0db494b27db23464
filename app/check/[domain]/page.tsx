import type { Metadata } from 'next';
import { DomainForm } from '@/components/domain-form';
import { normalizeDomain } from '@/lib/domain/normalize-domain';

type Props = { params: Promise<{ domain: string }> };

export async function generateMetadata({ params }: Props): Promise<Metadata> {
  const { domain } = await params;
  const r = normalizeDomain(decodeURIComponent(domain));
  return { title: r.ok ? r.domain : 'Invalid domain' };
}

export default async function CheckPage({ params }: Props) {
  const { domain } = await params;
  const r = normalizeDomain(decodeURIComponent(domain));
  if (!r.ok) {
    return (
      <div className="space-y-4">
        <h1 className="text-xl font-semibold">That is not a domain name</h1>
        <p className="text-red-700 dark:text-red-400">{r.message}</p>
        <DomainForm initial={decodeURIComponent(domain)} />
      </div>
    );
  }
  return (
    <div className="space-y-4">
      <h1 className="break-all font-mono text-xl font-semibold">{r.domain}</h1>
      <p className="text-zinc-700 dark:text-zinc-300">
        The delegation walker arrives next: this page will stream the tree from the root down to {r.domain}.
      </p>
    </div>
  );
}
