// Options of the named benches: `--name value` pairs after the bench's name.

/** `--name N`: a number ≥ min (default 0), or the fallback when absent; anything else is an error. */
export function numberOption(args: readonly string[], name: string, fallback: number, { min = 0 }: { min?: number } = {}): number {
  const i = args.indexOf(`--${name}`);
  if (i < 0) return fallback;
  const value = Number(args[i + 1]);
  if (args[i + 1] === undefined || !Number.isFinite(value) || value < min) throw new Error(`--${name} takes a number of at least ${min}`);
  return value;
}
