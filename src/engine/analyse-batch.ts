import type { Rule } from "../rule-api/rule.js";
import { analyzeProgram, type RepositoryFacts } from "./analyze-program.js";
import type { LoadedTree } from "./load/types.js";
import type { BatchResult } from "./merged-results.js";
import type { ScanPrograms } from "./project/create-program.js";
import type { Timings } from "./timings.js";

/** What rules may ask of the whole tree, whichever batch they run in. */
export function repositoryFacts(tree: LoadedTree): RepositoryFacts {
  const sourceTexts = new Map(tree.sources.map((f) => [f.path, f.text]));
  return { auxiliaryFiles: tree.auxiliary, packages: tree.packages, sourceText: (p: string) => sourceTexts.get(p) };
}

/** One batch's results, with nothing left that holds its program. */
export function analyseBatch(programs: ScanPrograms, batch: readonly string[], rules: readonly Rule[], repo: RepositoryFacts, onFile: (done: number, total: number) => void, timings: Timings | undefined): BatchResult {
  timings?.enter("program");
  const program = programs.program(batch);
  const result = analyzeProgram(program, rules, repo, onFile, timings);
  return { ...result, errors: [...program.errors, ...result.errors], files: [...program.relativePath.values()] };
}
