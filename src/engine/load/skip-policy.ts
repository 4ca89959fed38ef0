import { Minimatch } from "minimatch";
import { classifyFile, type FileKind } from "./classify-file.js";
import { DEFAULT_EXCLUDES } from "./default-excludes.js";
import { isGitignored, type GitignoreChain } from "./gitignore.js";
import { compileGlobs } from "./glob-set.js";

export interface FolderState {
  /** A default rule leaves this folder out; only re-included paths inside it are kept. */
  defaultSkipped: boolean;
  /** An include glob matched this folder or one above it. */
  included: boolean;
}

export interface FolderContext extends FolderState {
  gitignore: GitignoreChain;
  /** The root, or a folder holding a package.json or tsconfig.json. */
  isPackage: boolean;
}

export interface SkipPolicy {
  /** The state to walk a sub-folder with, or undefined to leave it out silently. */
  folder(parent: FolderContext, folderPath: string, name: string): FolderState | undefined;
  /** What to do with a file, or undefined to leave it out silently. */
  file(parent: FolderContext, filePath: string, name: string): { kind: FileKind; included: boolean } | undefined;
}

/**
 * Lockfiles are read even when .gitignore lists them: git tracks a committed file whatever .gitignore says, and in a
 * checkout (where scans run) a lockfile is there only if it was committed.
 */
const LOCKFILES: ReadonlySet<string> = new Set(["package-lock.json", "npm-shrinkwrap.json", "pnpm-lock.yaml", "yarn.lock", "bun.lock", "bun.lockb"]);
const skippedFolders: ReadonlySet<string> = new Set(DEFAULT_EXCLUDES.folders.filter((name) => !name.includes("*")));
const skippedFolderPatterns = DEFAULT_EXCLUDES.folders.filter((name) => name.includes("*")).map((pattern) => new Minimatch(pattern, { dot: true }));
const packageFolders: ReadonlySet<string> = new Set(DEFAULT_EXCLUDES.packageFolders);
const skippedSourceFiles = DEFAULT_EXCLUDES.sourceFiles.map((pattern) => new Minimatch(pattern, { dot: true }));

/** Decides by path alone (gitignore, exclude, defaults, include) what the walk keeps. */
export function createSkipPolicy(options: { exclude?: readonly string[]; include?: readonly string[] }): SkipPolicy {
  const exclude = compileGlobs(options.exclude ?? []);
  const include = compileGlobs(options.include ?? []);
  return {
    folder(parent, folderPath, name) {
      if (name === ".git" || isGitignored(parent.gitignore, folderPath, true) || exclude.matches(folderPath, true)) {
        return undefined;
      }
      const defaultSkipped =
        parent.defaultSkipped || skippedFolders.has(name) || skippedFolderPatterns.some((matcher) => matcher.match(name)) || (parent.isPackage && packageFolders.has(name));
      const included = parent.included || include.matches(folderPath, true);
      if (defaultSkipped && !included && !include.mayMatchInside(folderPath)) return undefined;
      return { defaultSkipped, included };
    },
    file(parent, filePath, name) {
      const kind = classifyFile(filePath);
      if (!kind || (isGitignored(parent.gitignore, filePath, false) && !LOCKFILES.has(name)) || exclude.matches(filePath, false)) return undefined;
      const included = parent.included || include.matches(filePath, false);
      const defaultSkipped =
        parent.defaultSkipped || (kind === "source" && skippedSourceFiles.some((matcher) => matcher.match(name)));
      if (defaultSkipped && !included) return undefined;
      return { kind, included };
    },
  };
}
