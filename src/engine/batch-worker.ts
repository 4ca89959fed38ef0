import { isMainThread, parentPort, workerData } from "node:worker_threads";
import { RULES } from "../../rules/index.js";
import type { Rule } from "../rule-api/rule.js";
import type { ScanTimings } from "../rule-api/types.js";
import { analyseBatch, repositoryFacts } from "./analyse-batch.js";
import { collectGarbage, heapFloor } from "./collect-garbage.js";
import type { LoadedTree } from "./load/types.js";
import type { BatchResult } from "./merged-results.js";
import { ScanPrograms } from "./project/create-program.js";
import { Timings } from "./timings.js";
import { errorStack } from "./error-stack.js";

const ROLE = "mcp-warden batch worker";
const REGISTERED = new Map(RULES.map((r) => [r.id, r]));

/** What a batch worker starts with: the whole tree, since a batch's program also reads what its files import. */
export interface BatchWorkerData {
  role: typeof ROLE;
  tree: Pick<LoadedTree, "root" | "sources" | "auxiliary" | "packages">;
  /** The rules to run, from the registry: rules are code, so a thread rebuilds them by id. */
  ruleIds: string[];
  timings: boolean;
}

/** From the scan to a worker: analyse this batch. */
export interface BatchRequest {
  index: number;
  files: readonly string[];
}

/** From a worker to the scan. */
export type BatchMessage =
  | { type: "progress"; index: number; done: number; total: number }
  | { type: "done"; index: number; result: BatchResult; timings?: ScanTimings }
  | { type: "failed"; index: number; message: string };

export function batchWorkerData(tree: LoadedTree, ruleIds: string[], timings: boolean): BatchWorkerData {
  return { role: ROLE, tree: { root: tree.root, sources: tree.sources, auxiliary: tree.auxiliary, packages: tree.packages }, ruleIds, timings };
}

/** The ids of the rules when every one is the registry's own, so a worker thread can rebuild them; else undefined. */
export function registryRuleIds(rules: readonly Rule[]): string[] | undefined {
  return rules.every((r) => REGISTERED.get(r.id) === r) ? rules.map((r) => r.id) : undefined;
}

/** Whether this thread was started to analyse a scan's batches: an entry point then serves them instead of its command. */
export function isBatchWorker(): boolean {
  return !isMainThread && (workerData as Partial<BatchWorkerData> | null)?.role === ROLE;
}

/** Analyses the batches the scan sends, one at a time in the order sent, until the scan ends the thread. */
export function serveBatches(): void {
  const data = workerData as BatchWorkerData;
  const port = parentPort;
  if (!port) throw new Error("serveBatches runs in a worker thread");
  const rules = data.ruleIds.map((id) => REGISTERED.get(id)).filter((r): r is Rule => r !== undefined);
  const tree: LoadedTree = { ...data.tree, skipped: [], errors: [] };
  const programs = new ScanPrograms(tree);
  const repo = repositoryFacts(tree);
  let floor: number | undefined;
  port.on("message", ({ index, files }: BatchRequest) => {
    // Nothing holds the last batch's program now: reclaim it before building the next, or the heap grows by both.
    if (floor === undefined) floor = heapFloor();
    else collectGarbage(floor);
    const post = (message: BatchMessage) => port.postMessage(message);
    const timings = data.timings ? new Timings() : undefined;
    try {
      const result = analyseBatch(programs, files, rules, repo, (done, total) => post({ type: "progress", index, done, total }), timings);
      timings?.stop();
      post({ type: "done", index, result, ...(timings ? { timings: timings.toJSON() } : {}) });
    } catch (e) {
      post({ type: "failed", index, message: errorStack(e) });
    }
  });
}
