import type { Finding, Inventory, ScanError, SourceLocation } from "../rule-api/types.js";
import type { AnalysisResult } from "./analyze-program.js";

export interface BatchResult extends AnalysisResult {
  /** Relative paths of the files the batch's program analysed. */
  files: string[];
}

type Located = { location: SourceLocation };

/**
 * The results of a scan's programs as if from one. A file imported from another batch is analysed in both: a place
 * belongs to the first batch that reports there, so it keeps exactly what that batch reported and no duplicates.
 */
export class MergedResults {
  readonly findings: Finding[] = [];
  readonly errors: ScanError[] = [];
  private readonly items: Inventory = { servers: [], tools: [], resources: [], prompts: [], transports: [] };
  /** Relative paths of every file analysed. */
  readonly files = new Set<string>();
  private readonly owners = new Map<string, number>();
  private readonly errorKeys = new Set<string>();
  private batches = 0;

  add(result: BatchResult): void {
    const batch = this.batches++;
    for (const path of result.files) this.files.add(path);
    for (const f of result.findings) if (this.owns(`${f.ruleId}\0${place(f)}`, batch)) this.findings.push(f);
    for (const kind of Object.keys(this.items) as (keyof Inventory)[]) {
      for (const item of result.inventory[kind]) if (this.owns(`${kind}\0${place(item)}`, batch)) (this.items[kind] as Located[]).push(item);
    }
    this.addErrors(result.errors);
  }

  /**
   * One batch's inventory in the order the model found it (registration order). Several batches' in path, line and
   * column order, so it does not depend on how the tree was cut (the threads of --concurrency cut it finer); the
   * sort is stable, so the items of one call site (tools registered in a loop) keep the model's order.
   */
  get inventory(): Inventory {
    if (this.batches <= 1) return this.items;
    const sorted = <T extends Located>(items: readonly T[]) => [...items].sort(byLocation);
    const { servers, tools, resources, prompts, transports } = this.items;
    return { servers: sorted(servers), tools: sorted(tools), resources: sorted(resources), prompts: sorted(prompts), transports: sorted(transports) };
  }

  /** Errors once each: a file in several batches fails to parse in each. */
  addErrors(errors: readonly ScanError[]): void {
    for (const e of errors) {
      const key = JSON.stringify([e.kind, e.path, e.line, e.ruleId, e.message]);
      if (this.errorKeys.has(key)) continue;
      this.errorKeys.add(key);
      this.errors.push(e);
    }
  }

  /** Whether a place's findings, or its inventory items of one kind, come from this batch: the first to report there owns it. */
  private owns(key: string, batch: number): boolean {
    const owner = this.owners.get(key);
    if (owner === undefined) this.owners.set(key, batch);
    return owner === undefined || owner === batch;
  }
}

/** Path, line and column order. */
export function byLocation(a: Located, b: Located): number {
  return a.location.path.localeCompare(b.location.path) || a.location.line - b.location.line || a.location.column - b.location.column;
}

function place(item: Located): string {
  return `${item.location.path}:${item.location.line}:${item.location.column}`;
}
