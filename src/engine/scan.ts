import packageJson from "../../package.json" with { type: "json" };
import type { Rule } from "../rule-api/rule.js";
import type { Finding, RuleSummary, ScanError, ScanReport } from "../rule-api/types.js";
import { loadCatalogue } from "../checklist/catalogue.js";
import { evaluateChecklist, type EvaluationOptions } from "../checklist/evaluate.js";
import { analyseBatch, repositoryFacts } from "./analyse-batch.js";
import { analyseInWorkers, type BatchOutcome } from "./batch-pool.js";
import { registryRuleIds } from "./batch-worker.js";
import { collectGarbage, heapFloor } from "./collect-garbage.js";
import { assignFingerprints } from "./fingerprint.js";
import { loadTree } from "./load/load-tree.js";
import type { LoadedTree, LoadOptions } from "./load/types.js";
import { byLocation, MergedResults } from "./merged-results.js";
import { ScanPrograms } from "./project/create-program.js";
import { applySuppressions, parseDirectives } from "./suppressions.js";
import { Timings } from "./timings.js";
import { errorStack } from "./error-stack.js";

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
  /**
   * Threads that analyse a batched monorepo's batches at once (default 1, this thread alone). Each holds one batch's
   * program, so memory grows with them; the findings do not change.
   */
  concurrency?: number;
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
  const changed = options.changedFiles ? new Set(options.changedFiles) : undefined;
  const merged = await analyseTree(tree, changed, options, timings).catch(failedAnalysis);
  timings?.enter("report");
  errors.push(...merged.errors);
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

/**
 * The merged results of the tree's batches. Given a concurrency, batch i goes to thread i mod n, this one being
 * thread 0 and the others worker threads; batches are cut even (see planBatches), so the shares take about as long.
 */
async function analyseTree(tree: LoadedTree, changed: ReadonlySet<string> | undefined, options: ScanOptions, timings: Timings | undefined): Promise<MergedResults> {
  timings?.enter("program");
  const programs = new ScanPrograms(tree);
  const ruleIds = (options.concurrency ?? 1) > 1 ? registryRuleIds(options.rules) : undefined;
  const batches = programs.plan(changed, options.batchLines, ruleIds ? options.concurrency : 1);
  const threads = ruleIds ? Math.min(options.concurrency ?? 1, batches.length) : 1;
  const label = (index: number) => (batches.length > 1 ? { current: `batch ${index + 1} of ${batches.length}` } : {});
  const [own = [], ...others] = Array.from({ length: threads }, (_, t) => [...batches.keys()].filter((i) => i % threads === t));
  let outcomes: Map<number, BatchOutcome>;
  if (ruleIds && others.length > 0) {
    const onProgress = (index: number, done: number, total: number) => options.onProgress?.({ phase: "analyse", done, total, ...label(index) });
    const elsewhere = analyseInWorkers(tree, batches, others, ruleIds, { timings: timings !== undefined, onProgress });
    timings?.stop();
    const began = performance.now();
    const here = timings ? new Timings() : undefined;
    outcomes = analyseHere(programs, batches, own, options, label, here);
    for (const [index, outcome] of await elsewhere) outcomes.set(index, outcome);
    here?.stop();
    const parts = [...(here ? [here.toJSON()] : []), ...[...outcomes.values()].flatMap((o) => ("result" in o && o.timings ? [o.timings] : []))];
    timings?.addConcurrent(performance.now() - began, threads, parts);
  } else outcomes = analyseHere(programs, batches, own, options, label, timings);
  const merged = new MergedResults();
  merged.addErrors(programs.errors);
  // In batch order: where batches overlap, the first to report a place owns it (see MergedResults).
  for (const [index, outcome] of [...outcomes].sort(([a], [b]) => a - b)) {
    if ("result" in outcome) merged.add(outcome.result);
    else merged.addErrors([{ kind: "internal", message: `analysis${batches.length > 1 ? ` of batch ${index + 1} of ${batches.length}` : ""} failed: ${outcome.failure}` }]);
  }
  return merged;
}

/** What is left of a scan whose analysis failed before any batch ran: the reason. */
function failedAnalysis(e: unknown): MergedResults {
  const merged = new MergedResults();
  merged.addErrors([{ kind: "internal", message: `analysis failed: ${errorStack(e)}` }]);
  return merged;
}

/** Analyses the given batches in this thread, one program at a time. */
function analyseHere(programs: ScanPrograms, batches: readonly (readonly string[])[], indices: readonly number[], options: ScanOptions, label: (index: number) => { current?: string }, timings: Timings | undefined): Map<number, BatchOutcome> {
  const outcomes = new Map<number, BatchOutcome>();
  const repo = repositoryFacts(programs.tree);
  const floor = indices.length > 1 ? heapFloor() : undefined;
  for (const [n, index] of indices.entries()) {
    const batch = batches[index] ?? [];
    // Nothing holds the last batch's program now: reclaim it before building the next, or the heap grows by both.
    if (n > 0) collectGarbage(floor);
    options.onProgress?.({ phase: "parse", done: 0, total: batch.length, ...label(index) });
    const onFile = (done: number, total: number) => options.onProgress?.({ phase: "analyse", done, total, ...label(index) });
    try {
      outcomes.set(index, { result: analyseBatch(programs, batch, options.rules, repo, onFile, timings) });
    } catch (e) {
      outcomes.set(index, { failure: errorStack(e) });
    }
  }
  return outcomes;
}

function byPosition(a: Finding, b: Finding): number {
  return byLocation(a, b) || a.ruleId.localeCompare(b.ruleId);
}

function summarize(rule: Rule): RuleSummary {
  const { meta } = rule;
  return { id: rule.id, description: meta.description, severity: meta.severity, confidence: meta.confidence, cwe: meta.cwe, checklist: meta.checklist, rationale: meta.docs.rationale, remediation: meta.docs.remediation, references: meta.references };
}
