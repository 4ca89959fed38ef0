import type { FileKind } from "./classify-file.js";

/** A file the walk kept, not yet read. */
export interface Candidate {
  /** Relative to the root, forward slashes; through the symlink when reached through one. */
  path: string;
  realPath: string;
  kind: FileKind;
  /** Bytes, from the one stat the walk made. */
  size: number;
  /** Re-included by LoadOptions.include (or given as the root), so content-based default skips don't apply. */
  included: boolean;
}
