import Link from 'next/link';

export const metadata = { title: 'Not found' };

/** Every notFound() and unknown URL: a real 404 page (Next answers it with status 404). */
export default function NotFound() {
  return (
    <div className="mx-auto max-w-3xl space-y-4">
      <h1 className="text-xl font-semibold">Not found</h1>
      <p className="text-zinc-700 dark:text-zinc-300">
        There is nothing here. A report link may be mistyped, or the report may never have existed: report ids are long and random.
      </p>
      <Link href="/" className="text-sm text-sky-700 hover:underline dark:text-sky-400">
        Check a domain
      </Link>
    </div>
  );
}
