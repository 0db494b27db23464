// npm run bench -- js [--dir .next] [--max KB] — the first-load JavaScript of the pages, gzipped,
// read from a finished `next build`. A page loads the framework's root scripts (build-manifest
// rootMainFiles) and the chunks of its own client components and their layouts (the page's
// client-reference manifest, entryJSFiles); each file counted once, gzipped at level 9 as a
// server would send it. The legacy-browser polyfills (nomodule, not loaded by current browsers)
// are left out. Prints each script per page and the page's total; with --max, exits 1 when a
// report page is over it (the goal: 150 KB for /check/<d> and /r/<id>).
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { createContext, runInContext } from 'node:vm';
import { gzipSync } from 'node:zlib';

/** The pages measured: the report pages first (the goal is theirs), then the rest for context. */
const PAGES = ['/check/[domain]', '/r/[id]', '/', '/domain/[domain]', '/r/[id]/compare/[other]'];
const REPORT_PAGES = new Set(['/check/[domain]', '/r/[id]']);

function option(args: readonly string[], name: string): string | undefined {
  const i = args.indexOf(`--${name}`);
  return i >= 0 ? args[i + 1] : undefined;
}

function readJson(file: string): unknown {
  return JSON.parse(readFileSync(file, 'utf8'));
}

/** entryJSFiles of a page's client-reference manifest: a script that sets globalThis.__RSC_MANIFEST. */
function pageEntryFiles(dir: string, page: string): string[] {
  const route = page === '/' ? '' : page;
  const file = path.join(dir, 'server', 'app', `${route}/page_client-reference-manifest.js`);
  if (!existsSync(file)) throw new Error(`${file} is missing: run \`next build\` first`);
  const sandbox: { self: Record<string, unknown>; globalThis?: unknown; __RSC_MANIFEST?: Record<string, { entryJSFiles?: Record<string, string[]> }> } = {
    self: {},
  };
  sandbox.globalThis = sandbox;
  runInContext(readFileSync(file, 'utf8'), createContext(sandbox));
  const manifest = sandbox.__RSC_MANIFEST?.[`${route}/page`];
  const entries = manifest?.entryJSFiles;
  if (!entries) throw new Error(`${file} has no entryJSFiles for ${route}/page`);
  return [...new Set(Object.values(entries).flat())];
}

export function measurePages(dir: string): { page: string; files: { file: string; bytes: number; gzip: number }[]; gzip: number }[] {
  const buildManifest = readJson(path.join(dir, 'build-manifest.json')) as { rootMainFiles?: string[] };
  const root = buildManifest.rootMainFiles ?? [];
  if (root.length === 0) throw new Error(`${dir}/build-manifest.json lists no rootMainFiles`);
  const sizes = new Map<string, { bytes: number; gzip: number }>();
  const sizeOf = (file: string) => {
    let s = sizes.get(file);
    if (!s) {
      const body = readFileSync(path.join(dir, file));
      s = { bytes: body.length, gzip: gzipSync(body, { level: 9 }).length };
      sizes.set(file, s);
    }
    return s;
  };
  return PAGES.map((page) => {
    const files = [...new Set([...root, ...pageEntryFiles(dir, page)])].filter((f) => f.endsWith('.js')).map((file) => ({ file, ...sizeOf(file) }));
    return { page, files, gzip: files.reduce((sum, f) => sum + f.gzip, 0) };
  });
}

const kb = (n: number) => `${(n / 1024).toFixed(1)} KB`;

export function main(args: readonly string[]): number {
  const dir = path.resolve(option(args, 'dir') ?? '.next');
  const max = option(args, 'max');
  const limit = max === undefined ? null : Number(max) * 1024;
  if (limit !== null && !(limit > 0)) throw new Error('--max takes a size in KB');
  const pages = measurePages(dir);
  let over = false;
  for (const p of pages) {
    console.log(`${p.page}: ${kb(p.gzip)} gzipped first-load JS (${p.files.length} scripts)`);
    for (const f of [...p.files].sort((a, b) => b.gzip - a.gzip))
      console.log(`  ${f.file.padEnd(44)} ${kb(f.bytes).padStart(10)} ${kb(f.gzip).padStart(10)} gz`);
    if (limit !== null && REPORT_PAGES.has(p.page) && p.gzip > limit) over = true;
  }
  console.log(
    `total (report pages): ${kb(pages.filter((p) => REPORT_PAGES.has(p.page)).reduce((s, p) => Math.max(s, p.gzip), 0))} the larger of /check/[domain] and /r/[id]`,
  );
  if (over) console.log(`over the limit of ${max} KB`);
  return over ? 1 : 0;
}
