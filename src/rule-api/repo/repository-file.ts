import fs from "node:fs";
import path from "node:path";
import { DEFAULT_MAX_FILE_BYTES } from "../../engine/load/file-size-limits.js";
import { isInside } from "../../engine/load/is-inside.js";
import type { LoadedFile } from "../../engine/load/types.js";

/**
 * The text of a repository file the loader does not keep (a shell script), by its path relative to the root of a loaded
 * file; undefined when it is missing, leaves the root (also through a link), is not a regular file or is too large.
 */
export function readRepositoryFile(anchor: LoadedFile, relativePath: string): string | undefined {
  const normalized = path.posix.normalize(relativePath);
  if (normalized === ".." || normalized.startsWith("../") || path.posix.isAbsolute(normalized)) return undefined;
  const root = anchor.absPath.slice(0, anchor.absPath.length - anchor.path.length);
  try {
    const real = fs.realpathSync(path.join(root, normalized));
    if (!isInside(fs.realpathSync(root), real)) return undefined;
    const stats = fs.statSync(real);
    if (!stats.isFile() || stats.size > DEFAULT_MAX_FILE_BYTES) return undefined;
    return fs.readFileSync(real, "utf8");
  } catch {
    return undefined;
  }
}
