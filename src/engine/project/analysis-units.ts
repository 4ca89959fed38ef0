import path from "node:path";
import type { LoadedFile, LoadedTree } from "../load/types.js";

/** A package (a folder with a tsconfig.json or package.json) and the source files it owns. */
export interface AnalysisUnit {
  /** Folder relative to the root ("." for the root). */
  dir: string;
  /** tsconfig path relative to the root, when the folder has one. */
  tsconfig?: string;
  files: LoadedFile[];
}

/** Each source file belongs to the deepest package folder that holds it, so monorepo packages are analysed one at a time. */
export function planUnits(tree: LoadedTree): AnalysisUnit[] {
  const dirs = [...new Set([".", ...tree.packages.map((p) => p.path)])].sort((a, b) => b.length - a.length);
  const tsconfigs = new Map(tree.packages.filter((p) => p.tsconfig).map((p) => [p.path, p.tsconfig as string]));
  const units = new Map<string, AnalysisUnit>();
  for (const file of tree.sources) {
    const dir = dirs.find((d) => d === "." || file.path.startsWith(`${d}/`)) ?? ".";
    let unit = units.get(dir);
    if (!unit) {
      unit = { dir, files: [], ...(tsconfigs.has(dir) ? { tsconfig: tsconfigs.get(dir) } : {}) };
      units.set(dir, unit);
    }
    unit.files.push(file);
  }
  return [...units.values()].sort((a, b) => a.dir.localeCompare(b.dir));
}

export function absolutePath(root: string, rel: string): string {
  return rel === "." ? root : path.posix.join(root, rel);
}
