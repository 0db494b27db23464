import Link from 'next/link';

export interface LabExample {
  /** What to check, without the trailing dot: `lame.test`, `a.b.c.deep.test`. */
  name: string;
  story: string;
}

/** The lab's scenarios, one line each, every one a link to its check. */
export function LabGallery({ examples }: { examples: readonly LabExample[] }) {
  return (
    <ul className="grid gap-x-6 gap-y-1 sm:grid-cols-2 xl:grid-cols-3">
      {examples.map((e) => (
        <li key={e.name}>
          <Link
            href={`/check/${e.name}`}
            className="group -mx-2 block rounded-md px-2 py-1.5 hover:bg-zinc-100 focus-visible:outline-2 focus-visible:outline-sky-600 dark:hover:bg-zinc-900"
          >
            <span className="block font-mono text-sm font-semibold text-sky-700 group-hover:underline dark:text-sky-400">{e.name}</span>
            <span className="block text-sm text-zinc-600 dark:text-zinc-400">{e.story}</span>
          </Link>
        </li>
      ))}
    </ul>
  );
}
