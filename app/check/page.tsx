import { redirect } from 'next/navigation';

// GET /check?domain=<name>: the plain form on the "not a domain name" page (app/check/[domain])
// posts here; the name goes to its check page, which validates it again. Nothing to render.
export default async function CheckFormTarget({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  const domain = (await searchParams).domain;
  const name = typeof domain === 'string' ? domain.trim() : '';
  redirect(name ? `/check/${encodeURIComponent(name)}` : '/');
}
