import { realpath, stat } from "node:fs/promises";
import path from "node:path";
import { errorCode } from "./error-code.js";
import { LoadError } from "./load-error.js";

export interface ResolvedRoot {
  /** Real path of the folder to scan (the file's folder when a file was given). */
  root: string;
  /** The single file to scan, when the root option named a file. */
  file?: { name: string; realPath: string; size: number };
}

/** Resolves the root option; throws LoadError when it is missing or neither a file nor a folder. */
export async function resolveRoot(given: string): Promise<ResolvedRoot> {
  let real: string;
  let stats: Awaited<ReturnType<typeof stat>>;
  try {
    real = await realpath(path.resolve(given));
    stats = await stat(real);
  } catch (error) {
    const code = errorCode(error);
    throw new LoadError(given, code === "ENOENT" || code === "ENOTDIR" ? "no such file or folder" : code);
  }
  if (stats.isDirectory()) return { root: real };
  if (stats.isFile()) {
    return { root: path.dirname(real), file: { name: path.basename(real), realPath: real, size: stats.size } };
  }
  throw new LoadError(given, "not a file or folder");
}
