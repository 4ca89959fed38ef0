import { ts } from "../../rule-api/ts.js";

/** Resolves an import specifier written in a file to the absolute path of a file in the tree, if it is one. */
export type ImportResolver = (specifier: string, containingFile: string) => string | undefined;

/**
 * The files a change can affect findings in: the changed files and, transitively, every file that imports one of
 * them (a tool registered there may call into the change). The program built from these roots adds what they import.
 * Imports are read with the pre-parser, which only scans tokens, so this costs a fraction of a parse.
 */
export function importerClosure(files: ReadonlyMap<string, string>, changed: ReadonlySet<string>, resolve: ImportResolver): Set<string> {
  const importers = new Map<string, string[]>();
  for (const [file, text] of files) {
    for (const ref of ts.preProcessFile(text, true, true).importedFiles) {
      const target = resolve(ref.fileName, file);
      if (target === undefined || target === file) continue;
      const list = importers.get(target);
      if (list) list.push(file);
      else importers.set(target, [file]);
    }
  }
  const affected = new Set([...changed].filter((f) => files.has(f)));
  const queue = [...affected];
  for (let file = queue.pop(); file !== undefined; file = queue.pop()) {
    for (const importer of importers.get(file) ?? []) {
      if (affected.has(importer)) continue;
      affected.add(importer);
      queue.push(importer);
    }
  }
  return affected;
}
