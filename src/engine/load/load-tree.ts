import type { Candidate } from "./candidate.js";
import { byPath } from "./by-path.js";
import { classifyFile } from "./classify-file.js";
import { dedupeByRealPath } from "./dedupe-by-real-path.js";
import { DEFAULT_MAX_FILE_BYTES } from "./file-size-limits.js";
import { findPackages } from "./find-packages.js";
import { limitConcurrency } from "./limit-concurrency.js";
import { readCandidates } from "./read-candidates.js";
import { resolveRoot, type ResolvedRoot } from "./resolve-root.js";
import { createSkipPolicy } from "./skip-policy.js";
import type { LoadedTree, LoadOptions } from "./types.js";
import { walkTree, type WalkResult } from "./walk-tree.js";

const CONCURRENCY = 32;

/** Reads the files of the tree that a scan analyses, without executing or installing anything. */
export async function loadTree(options: LoadOptions): Promise<LoadedTree> {
  const { root, file } = await resolveRoot(options.root);
  const limit = limitConcurrency(CONCURRENCY);
  const walked = file ? singleFile(file) : await walkTree(root, createSkipPolicy(options), limit);
  const candidates = dedupeByRealPath(root, walked.candidates);
  const read = await readCandidates(root, candidates, options.maxFileBytes ?? DEFAULT_MAX_FILE_BYTES, limit);
  const found = findPackages(
    candidates.map((candidate) => candidate.path),
    read.auxiliary,
  );
  return {
    root,
    sources: read.sources.sort(byPath),
    auxiliary: read.auxiliary.sort(byPath),
    skipped: [...walked.skipped, ...read.skipped].sort(byPath),
    errors: [...walked.errors, ...found.errors].sort(byPath),
    packages: found.packages,
  };
}

/** A file named as the root is scanned even where a default rule would skip it: the user asked for it. */
function singleFile(file: NonNullable<ResolvedRoot["file"]>): WalkResult {
  const kind = classifyFile(file.name);
  const candidates: Candidate[] = kind
    ? [{ path: file.name, realPath: file.realPath, kind, size: file.size, included: true }]
    : [];
  return { candidates, skipped: [], errors: [] };
}
