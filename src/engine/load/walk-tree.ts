import type { Dirent, Stats } from "node:fs";
import { lstat, readdir, readFile, readlink, realpath, stat } from "node:fs/promises";
import path from "node:path";
import type { ScanError, SkippedFile, SkipReason } from "../../rule-api/types.js";
import type { Candidate } from "./candidate.js";
import { errorCode } from "./error-code.js";
import { parseGitignore, type GitignoreChain } from "./gitignore.js";
import { isInside } from "./is-inside.js";
import type { Limit } from "./limit-concurrency.js";
import { LoadError } from "./load-error.js";
import { readGitInfoExclude } from "./read-git-info-exclude.js";
import type { FolderContext, FolderState, SkipPolicy } from "./skip-policy.js";

export interface WalkResult {
  candidates: Candidate[];
  skipped: SkippedFile[];
  errors: ScanError[];
}

interface Folder {
  /** Relative to the root, "" for the root. */
  path: string;
  realPath: string;
  /** Real paths of this folder and the folders walked to reach it, to stop symlink cycles. */
  ancestors: readonly string[];
  state: FolderState;
  /** The parent's rules; this folder's own .gitignore is added when it is read. */
  gitignore: GitignoreChain;
}

const PACKAGE_MARKERS: ReadonlySet<string> = new Set(["package.json", "tsconfig.json"]);

/** Lists the files under the root that the policy keeps, stat-ing each once and reading none but .gitignore files. */
export async function walkTree(root: string, policy: SkipPolicy, limit: Limit): Promise<WalkResult> {
  const gitExclude = await readGitInfoExclude(root);
  const walker = new TreeWalker(root, policy, limit);
  if (gitExclude.error) walker.result.errors.push(gitExclude.error);
  await walker.visitFolder({
    path: "",
    realPath: root,
    ancestors: [root],
    state: { defaultSkipped: false, included: false },
    gitignore: gitExclude.chain,
  });
  return walker.result;
}

class TreeWalker {
  readonly result: WalkResult = { candidates: [], skipped: [], errors: [] };

  constructor(
    private readonly root: string,
    private readonly policy: SkipPolicy,
    private readonly limit: Limit,
  ) {}

  async visitFolder(folder: Folder): Promise<void> {
    let entries: Dirent[];
    try {
      entries = await this.limit(() => readdir(folder.realPath, { withFileTypes: true }));
    } catch (error) {
      if (folder.path === "") throw new LoadError(this.root, errorCode(error));
      this.skip(folder.path, "unreadable", errorCode(error));
      return;
    }
    const context: Folder & FolderContext = {
      ...folder,
      ...folder.state,
      gitignore: await this.withOwnGitignore(folder, entries),
      isPackage: folder.path === "" || entries.some((entry) => PACKAGE_MARKERS.has(entry.name) && !entry.isDirectory()),
    };
    await Promise.all(entries.map((entry) => this.visitEntry(context, entry)));
  }

  private async visitEntry(parent: Folder & FolderContext, entry: Dirent): Promise<void> {
    const entryPath = parent.path === "" ? entry.name : `${parent.path}/${entry.name}`;
    const realPath = path.join(parent.realPath, entry.name);
    if (entry.isSymbolicLink()) return this.visitLink(parent, entryPath, entry.name);
    if (entry.isDirectory()) {
      const state = this.policy.folder(parent, entryPath, entry.name);
      if (!state) return;
      return this.visitFolder({
        path: entryPath,
        realPath,
        ancestors: [...parent.ancestors, realPath],
        state,
        gitignore: parent.gitignore,
      });
    }
    if (!entry.isFile()) return;
    const verdict = this.policy.file(parent, entryPath, entry.name);
    if (!verdict) return;
    try {
      const stats = await this.limit(() => lstat(realPath));
      this.result.candidates.push({ path: entryPath, realPath, size: stats.size, ...verdict });
    } catch (error) {
      this.skip(entryPath, "unreadable", errorCode(error));
    }
  }

  /** Follows a link whose target stays inside the root, once; a link out of the root is listed, never followed. */
  private async visitLink(parent: Folder & FolderContext, linkPath: string, name: string): Promise<void> {
    const asFolder = this.policy.folder(parent, linkPath, name);
    const asFile = this.policy.file(parent, linkPath, name);
    if (!asFolder && !asFile) return;
    const linkAbsPath = path.join(parent.realPath, name);
    let target: string;
    let stats: Stats;
    try {
      target = await this.limit(() => realpath(linkAbsPath));
      if (!isInside(this.root, target)) {
        const written = await this.limit(() => readlink(linkAbsPath));
        this.skip(linkPath, "symlink-outside-root", written);
        return;
      }
      stats = await this.limit(() => stat(target));
    } catch (error) {
      this.skip(linkPath, "unreadable", errorCode(error));
      return;
    }
    if (stats.isDirectory()) {
      // A link to a folder we are already inside would walk forever; its files are reached anyway.
      if (!asFolder || parent.ancestors.some((ancestor) => isInside(target, ancestor))) return;
      return this.visitFolder({
        path: linkPath,
        realPath: target,
        ancestors: [...parent.ancestors, target],
        state: asFolder,
        gitignore: parent.gitignore,
      });
    }
    if (stats.isFile() && asFile) {
      this.result.candidates.push({ path: linkPath, realPath: target, size: stats.size, ...asFile });
    }
  }

  private async withOwnGitignore(folder: Folder, entries: readonly Dirent[]): Promise<GitignoreChain> {
    // Only a regular .gitignore counts: reading through a link could leave the root.
    if (!entries.some((entry) => entry.name === ".gitignore" && entry.isFile())) return folder.gitignore;
    const gitignorePath = folder.path === "" ? ".gitignore" : `${folder.path}/.gitignore`;
    try {
      const text = await this.limit(() => readFile(path.join(folder.realPath, ".gitignore"), "utf8"));
      return [parseGitignore(folder.path, text), ...folder.gitignore];
    } catch (error) {
      this.result.errors.push({ kind: "read", path: gitignorePath, message: `Cannot read .gitignore: ${errorCode(error)}` });
      return folder.gitignore;
    }
  }

  private skip(filePath: string, reason: SkipReason, detail: string): void {
    this.result.skipped.push({ path: filePath, reason, detail });
  }
}
