// The browser's half of the code never reaches node:crypto or dns-packet: this follows the static
// (value) imports from the pure entry of wire and from every client component, and fails on a path
// that gets there. Type-only imports are erased by the compiler, so they are not followed.
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';

const ROOT = resolve(__dirname, '../../..');
const FORBIDDEN = new Set(['node:crypto', 'crypto', 'dns-packet']);

const IMPORT =
  /(?:^|\n)\s*(import|export)\s+(type\s+)?([^'";]*?)\s*from\s*['"]([^'"]+)['"]|(?:^|\n)\s*import\s*['"]([^'"]+)['"]|import\(\s*['"]([^'"]+)['"]\s*\)/g;

/** The value imports of a module: specifiers that survive compilation. */
function valueImports(source: string): string[] {
  const found: string[] = [];
  for (const m of source.matchAll(IMPORT)) {
    const spec = m[4] ?? m[5] ?? m[6];
    if (!spec) continue;
    if (m[2]) continue; // import type / export type
    const clause = m[3] ?? '';
    const braces = /\{([^}]*)\}/.exec(clause);
    const outside = clause
      .replace(/\{[^}]*\}/, '')
      .replace(/,/g, '')
      .trim();
    if (braces && !outside) {
      const names = braces[1]!
        .split(',')
        .map((n) => n.trim())
        .filter(Boolean);
      if (names.length > 0 && names.every((n) => n.startsWith('type '))) continue;
    }
    found.push(spec);
  }
  return found;
}

function resolveFile(from: string, spec: string): string | null {
  let base: string;
  if (spec.startsWith('@/')) base = join(ROOT, spec.slice(2));
  else if (spec.startsWith('.')) base = resolve(dirname(from), spec);
  else return null; // a package
  for (const candidate of [base, `${base}.ts`, `${base}.tsx`, join(base, 'index.ts'), join(base, 'index.tsx')]) {
    if (/\.tsx?$/.test(candidate) && existsSync(candidate)) return candidate;
  }
  throw new Error(`cannot resolve ${spec} from ${relative(ROOT, from)}`);
}

/** The first import chain from `entry` to a forbidden module, or null. */
function pathToForbidden(entry: string): string[] | null {
  const seen = new Set<string>();
  const walk = (file: string, chain: string[]): string[] | null => {
    if (seen.has(file)) return null;
    seen.add(file);
    for (const spec of valueImports(readFileSync(file, 'utf8'))) {
      if (FORBIDDEN.has(spec)) return [...chain, spec];
      const next = resolveFile(file, spec);
      if (next) {
        const hit = walk(next, [...chain, relative(ROOT, next)]);
        if (hit) return hit;
      }
    }
    return null;
  };
  return walk(entry, [relative(ROOT, entry)]);
}

function clientComponents(dir: string): string[] {
  return readdirSync(join(ROOT, dir), { recursive: true, encoding: 'utf8' })
    .filter((f) => /\.tsx?$/.test(f) && !/\.test\.tsx?$/.test(f))
    .map((f) => join(ROOT, dir, f))
    .filter((f) => /^\s*['"]use client['"]/.test(readFileSync(f, 'utf8')));
}

describe('the pure half of wire', () => {
  it('sees through type-only imports and finds a real one', () => {
    expect(valueImports("import type { A } from './a';\nimport { type B } from './b';\nimport { c, type D } from './c';\nimport 'server-only';")).toEqual([
      './c',
      'server-only',
    ]);
    expect(pathToForbidden(join(ROOT, 'lib/dns/wire/index.ts'))).not.toBeNull();
  });

  it('never reaches node:crypto or dns-packet from lib/dns/wire/pure.ts', () => {
    expect(pathToForbidden(join(ROOT, 'lib/dns/wire/pure.ts'))).toBeNull();
  });

  it('never reaches node:crypto or dns-packet from the view models the pages read', () => {
    const views = readdirSync(join(ROOT, 'lib/report/view'))
      // Tests and their helpers (test-*.ts) are not read by pages.
      .filter((f) => f.endsWith('.ts') && !f.endsWith('.test.ts') && !f.startsWith('test-'))
      .map((f) => join(ROOT, 'lib/report/view', f));
    expect(views.length).toBeGreaterThan(5);
    expect(views.map((entry) => pathToForbidden(entry)).filter((chain) => chain !== null)).toEqual([]);
  });

  it('never reaches node:crypto or dns-packet from a client component', () => {
    const entries = [...clientComponents('components'), ...clientComponents('app')];
    expect(entries.length).toBeGreaterThan(5);
    const reached = entries.map((entry) => pathToForbidden(entry)).filter((chain) => chain !== null);
    expect(reached).toEqual([]);
  });
});
