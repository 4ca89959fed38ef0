import path from "node:path";
import type { ts } from "../../rule-api/ts.js";

/**
 * A read-only view of the files the loader vetted, so the compiler can never read
 * anything outside the scanned tree (no node_modules, no symlink escapes).
 */
export class MemoryFileSystem implements ts.ModuleResolutionHost {
  private readonly dirs = new Set<string>();

  constructor(
    private readonly files: ReadonlyMap<string, string>,
    private readonly cwd: string,
  ) {
    for (const file of files.keys()) {
      for (let d = path.posix.dirname(file); !this.dirs.has(d); d = path.posix.dirname(d)) {
        this.dirs.add(d);
        if (d === "/" || d === ".") break;
      }
    }
  }

  fileExists(filePath: string): boolean {
    return this.files.has(filePath);
  }
  readFile(filePath: string): string | undefined {
    return this.files.get(filePath);
  }
  directoryExists(dirPath: string): boolean {
    return this.dirs.has(dirPath.replace(/\/$/, "") || "/");
  }
  realpath(p: string): string {
    return p;
  }
  getCurrentDirectory(): string {
    return this.cwd;
  }
}
