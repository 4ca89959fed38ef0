import type { PackageInfo, ScanError, SkippedFile } from "../../rule-api/types.js";

export interface LoadOptions {
  /** Absolute path of a folder (or a single file) to scan. */
  root: string;
  /** Extra minimatch globs, relative to the root, of paths to leave out. */
  exclude?: string[];
  /** Minimatch globs of paths to scan even though a default rule would skip them (never overrides .gitignore). */
  include?: string[];
  /** Source files larger than this are skipped with a note; default 1 MiB. */
  maxFileBytes?: number;
}

export interface LoadedFile {
  /** Relative to the root, forward slashes. */
  path: string;
  absPath: string;
  text: string;
}

export interface LoadedTree {
  /** Absolute, real path of the scanned folder (the file's folder when a file was given). */
  root: string;
  /** .ts .tsx .mts .cts .js .jsx .mjs .cjs files to analyse, sorted by path. */
  sources: LoadedFile[];
  /** Manifests and configuration files (package.json, tsconfig*.json, lockfiles, Dockerfiles, workflows, ...), sorted by path. */
  auxiliary: LoadedFile[];
  skipped: SkippedFile[];
  errors: ScanError[];
  /** Every folder holding a package.json or a tsconfig.json, sorted by path ("." first). */
  packages: PackageInfo[];
}
