import packageJson from "../../package.json" with { type: "json" };
import type { Rule } from "../rule-api/rule.js";
import type { Finding, RuleSummary, ScanError, ScanReport } from "../rule-api/types.js";
import { loadCatalogue } from "../checklist/catalogue.js";
import { evaluateChecklist, type EvaluationOptions } from "../checklist/evaluate.js";
import { analyzeProgram, type RepositoryFacts } from "./analyze-program.js";
import { collectGarbage, heapFloor } from "./collect-garbage.js";
import { assignFingerprints } from "./fingerprint.js";
import { loadTree } from "./load/load-tree.js";
import type { LoadOptions } from "./load/types.js";
import { MergedResults, type BatchResult } from "./merged-results.js";
import { ScanPrograms } from "./project/create-program.js";
import { applySuppressions, parseDirectives } from "./suppressions.js";
import { Timings } from "./timings.js";

export interface ScanProgress {
  phase: "load" | "parse" | "analyse" | "report";
  /** Files analysed so far and in all, in the analyse phase. */
  done: number;
  total: number;
  /** Which batch, when a monorepo is analysed in batches: "batch 2 of 3". */
  current?: string;
}

export interface ScanOptions extends LoadOptions {
  /** The rules to run. */
  rules: readonly Rule[];
  /** Every rule id known to the registry, so suppressions of rules not run this time are not called unknown. */
  knownRuleIds: readonly string[];
  onProgress?: (p: ScanProgress) => void;
  /** Evaluate the SlowMist checklist too, with these attestations. */
  checklist?: Omit<EvaluationOptions, "now"> & { now?: Date };
  /**
   * Pull-request mode: report only findings in these files (relative to the root), analysing just the files that can
   * affect them. The checklist is not evaluated, since most of the repository goes unread.
   */
  changedFiles?: readonly string[];
  /** Source lines per program before a monorepo is analysed in batches of whole packages (default BATCH_LINES). */
  batchLines?: number;
  /** Measure the time of each stage and each rule into the report's timings. */
  timings?: boolean;
}

export const VERSION: string = packageJson.version;

/** Scans a folder: load, one program (or one per batch of packages), model, dataflow, one traversal, suppressions and fingerprints. */
export async function scan(options: ScanOptions): Promise<ScanReport> {
  const started = Date.now();
  const timings = options.timings ? new Timings() : undefined;
  timings?.enter("load");
  options.onProgress?.({ phase: "load", done: 0, total: 1 });
  const tree = await loadTree(options);
  const errors: ScanError[] = [...tree.errors];
  const sourceTexts = new Map(tree.sources.map((f) => [f.path, f.text]));
  const repo = { auxiliaryFiles: tree.auxiliary, packages: tree.packages, sourceText: (p: string) => sourceTexts.get(p) };
  const merged = new MergedResults();
  const changed = options.changedFiles ? new Set(options.changedFiles) : undefined;
  let failure: ScanError | undefined;
  try {
    timings?.enter("program");
    const programs = new ScanPrograms(tree, changed, options.batchLines);
    merged.addErrors(programs.errors);
    const count = programs.batches.length;
    const floor = count > 1 ? heapFloor() : undefined;
    for (const [index, batch] of programs.batches.entries()) {
      timings?.enter("program");
      // Nothing holds the last batch's program now: reclaim it before building the next, or the heap grows by both.
      if (index > 0) collectGarbage(floor);
      const current = count > 1 ? { current: `batch ${index + 1} of ${count}` } : {};
      options.onProgress?.({ phase: "parse", done: 0, total: batch.length, ...current });
      const onFile = (done: number, total: number) => options.onProgress?.({ phase: "analyse", done, total, ...current });
      merged.add(analyseBatch(programs, batch, options.rules, repo, onFile, timings));
    }
  } catch (e) {
    failure = { kind: "internal", message: `analysis failed: ${e instanceof Error ? (e.stack ?? e.message) : String(e)}` };
  }
  timings?.enter("report");
  errors.push(...merged.errors, ...(failure ? [failure] : []));
  const findings = merged.findings;
  const inventory = merged.inventory;
  options.onProgress?.({ phase: "report", done: 1, total: 1 });
  findings.sort(byPosition);
  assignFingerprints(findings);
  const directives = new Map([...tree.sources, ...tree.auxiliary].map((f) => [f.path, parseDirectives(f.path, f.text)] as const).filter(([, d]) => d.length > 0));
  const inScope = (path: string) => !changed || changed.has(path);
  const scoped = findings.filter((f) => inScope(f.location.path));
  const { active, suppressed, problems } = applySuppressions(scoped, new Map([...directives].filter(([path]) => inScope(path))), new Set(options.knownRuleIds), new Set(options.rules.map((r) => r.id)));
  const report: ScanReport = {
    schemaVersion: 1,
    tool: { name: "mcp-warden", version: VERSION },
    root: tree.root,
    startedAt: new Date(started).toISOString(),
    durationMs: Date.now() - started,
    rules: options.rules.map(summarize),
    files: { scanned: merged.files.size, skipped: tree.skipped },
    ...(changed ? { changedFiles: [...changed].sort() } : {}),
    packages: tree.packages,
    inventory,
    findings: active,
    suppressed,
    suppressionProblems: problems,
    errors,
  };
  if (options.checklist && !changed) {
    const dependencies = tree.packages.flatMap((p) => p.dependencies ?? []);
    report.compliance = evaluateChecklist(report, loadCatalogue(), { ...options.checklist, now: options.checklist.now ?? new Date() }, dependencies);
  }
  if (timings) {
    timings.stop();
    report.timings = timings.toJSON();
  }
  return report;
}

/** One batch's results, with nothing left that holds its program. */
function analyseBatch(programs: ScanPrograms, batch: readonly string[], rules: readonly Rule[], repo: RepositoryFacts, onFile: (done: number, total: number) => void, timings: Timings | undefined): BatchResult {
  const program = programs.program(batch);
  const result = analyzeProgram(program, rules, repo, onFile, timings);
  return { ...result, errors: [...program.errors, ...result.errors], files: [...program.relativePath.values()] };
}

function byPosition(a: Finding, b: Finding): number {
  return a.location.path.localeCompare(b.location.path) || a.location.line - b.location.line || a.location.column - b.location.column || a.ruleId.localeCompare(b.ruleId);
}

function summarize(rule: Rule): RuleSummary {
  const { meta } = rule;
  return { id: rule.id, description: meta.description, severity: meta.severity, confidence: meta.confidence, cwe: meta.cwe, checklist: meta.checklist, rationale: meta.docs.rationale, remediation: meta.docs.remediation, references: meta.references };
}
