import { packageFolderOf } from "../../rule-api/package-of.js";
import type { PackageInfo } from "../../rule-api/types.js";

/** Source lines one program holds: past this, a monorepo is analysed in batches of whole packages to bound memory. */
export const BATCH_LINES = 100_000;

export interface BatchFile {
  /** Path relative to the scanned root. */
  path: string;
  lines: number;
}

/**
 * Splits the files to analyse into batches of whole packages, in path order, each of at most `budget` lines unless a
 * single package is larger. A tree within the budget is one batch, so it is analysed exactly as one program.
 * Files are never split from their package: analyses and rules reason per package (its tools, its transports).
 * A tree past the budget analysed by `threads` threads at once is cut for a multiple of that many batches, each as
 * large as that allows, so the threads' shares come out as even as the packages let them.
 */
export function planBatches(files: readonly BatchFile[], packages: readonly PackageInfo[], budget: number = BATCH_LINES, threads = 1): string[][] {
  const total = files.reduce((sum, f) => sum + f.lines, 0);
  if (total <= budget) return [files.map((f) => f.path)];
  if (threads > 1) budget = Math.ceil(total / (Math.ceil(Math.ceil(total / budget) / threads) * threads));
  const units = new Map<string, { paths: string[]; lines: number }>();
  for (const file of files) {
    // The package as rules see it: a file outside every package is the root's.
    const key = packageFolderOf(file.path, packages);
    let unit = units.get(key);
    if (!unit) units.set(key, (unit = { paths: [], lines: 0 }));
    unit.paths.push(file.path);
    unit.lines += file.lines;
  }
  const batches: string[][] = [];
  let current: string[] = [];
  let lines = 0;
  for (const key of [...units.keys()].sort()) {
    const unit = units.get(key)!;
    if (current.length && lines + unit.lines > budget) {
      batches.push(current);
      current = [];
      lines = 0;
    }
    current.push(...unit.paths);
    lines += unit.lines;
  }
  if (current.length) batches.push(current);
  return batches;
}

/** Lines of a text as an editor numbers them, a final newline ending the last line rather than starting one. */
export function countLines(text: string): number {
  if (text.length === 0) return 0;
  let breaks = 0;
  for (let i = text.indexOf("\n"); i !== -1; i = text.indexOf("\n", i + 1)) breaks++;
  return text.endsWith("\n") ? breaks : breaks + 1;
}
