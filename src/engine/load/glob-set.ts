import { Minimatch } from "minimatch";

export interface GlobSet {
  /** Whether the path (relative to the root; a folder when isDir) matches one of the globs. */
  matches(path: string, isDir: boolean): boolean;
  /** Whether something inside the folder could match one of the globs. */
  mayMatchInside(folderPath: string): boolean;
}

interface CompiledGlob {
  matcher: Minimatch;
  dirOnly: boolean;
}

/**
 * Compiles user globs with gitignore habits: a pattern without a slash matches at any depth,
 * a leading slash anchors it to the root, a trailing slash matches folders only.
 */
export function compileGlobs(patterns: readonly string[]): GlobSet {
  const globs = patterns.map(compileGlob).filter((glob): glob is CompiledGlob => glob !== undefined);
  return {
    matches: (path, isDir) => globs.some((glob) => (isDir || !glob.dirOnly) && glob.matcher.match(path)),
    mayMatchInside: (folderPath) => globs.some((glob) => glob.matcher.match(folderPath, true)),
  };
}

function compileGlob(pattern: string): CompiledGlob | undefined {
  let glob = pattern.trim().replace(/^\.\//, "");
  const dirOnly = glob.endsWith("/");
  glob = glob.replace(/\/+$/, "");
  const anchored = glob.startsWith("/");
  glob = glob.replace(/^\/+/, "");
  if (glob === "") return undefined;
  if (!anchored && !glob.includes("/")) glob = `**/${glob}`;
  return { matcher: new Minimatch(glob, { dot: true }), dirOnly };
}
