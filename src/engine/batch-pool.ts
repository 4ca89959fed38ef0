import os from "node:os";
import type { Worker } from "node:worker_threads";
import type { ScanTimings } from "../rule-api/types.js";
import { batchWorkerData, type BatchMessage, type BatchWorkerData } from "./batch-worker.js";
import type { LoadedTree } from "./load/types.js";
import type { BatchResult } from "./merged-results.js";
import { errorStack } from "./error-stack.js";
import { startWorker } from "./start-worker.js";

/** From source, the batch worker's own entry; bundled, the bundle itself, whose entry point serves batches in a worker. */
const ENTRY = import.meta.url.endsWith(".ts") ? new URL("./batch-worker-entry.ts", import.meta.url) : new URL(import.meta.url);

/** Threads a scan takes at most: each is a V8 isolate with its own copy of mcp-warden and of the tree. */
export const MAX_THREADS = 64;

/** Threads "auto" stops at: each holds a batch's program (about 400 MiB at 100,000 lines), so memory grows with them. */
export const MAX_AUTO_THREADS = 4;

/** Threads to analyse batches with: a number as given, or for "auto" one per core the process may use, up to a cap. */
export function resolveConcurrency(concurrency: number | "auto"): number {
  return concurrency === "auto" ? Math.max(1, Math.min(os.availableParallelism(), MAX_AUTO_THREADS)) : concurrency;
}

export type BatchOutcome = { result: BatchResult; timings?: ScanTimings } | { failure: string };

export interface PoolOptions {
  timings: boolean;
  onProgress?: (index: number, done: number, total: number) => void;
}

/**
 * Analyses each share of batches (indices into `batches`) in a worker thread of its own, in order, and returns the
 * outcomes by batch index once every thread is done. A thread gets its whole share at once, so it never waits on
 * this thread, which may be busy with batches of its own. A batch that fails is that batch's failure alone; a thread
 * that dies (out of memory) fails the batches it had not finished.
 */
export async function analyseInWorkers(tree: LoadedTree, batches: readonly (readonly string[])[], shares: readonly (readonly number[])[], ruleIds: string[], options: PoolOptions): Promise<Map<number, BatchOutcome>> {
  const data = batchWorkerData(tree, ruleIds, options.timings);
  const outcomes = new Map<number, BatchOutcome>();
  await Promise.all(
    shares.map(async (share) => {
      const thread = new BatchThread(data, options.onProgress);
      try {
        await Promise.all(share.map(async (index) => outcomes.set(index, await thread.analyse(index, batches[index] ?? []))));
      } finally {
        await thread.end();
      }
    }),
  );
  return outcomes;
}

/** One worker thread and the batches it has been given. */
class BatchThread {
  private alive = true;
  private readonly worker: Worker;
  private readonly pending = new Map<number, (outcome: BatchOutcome) => void>();

  constructor(data: BatchWorkerData, onProgress: PoolOptions["onProgress"]) {
    this.worker = startWorker(ENTRY, { workerData: data });
    this.worker.on("message", (message: BatchMessage) => {
      if (message.type === "progress") onProgress?.(message.index, message.done, message.total);
      else this.settle(message.index, message.type === "done" ? { result: message.result, ...(message.timings ? { timings: message.timings } : {}) } : { failure: message.message });
    });
    this.worker.on("error", (error) => this.die(errorStack(error)));
    this.worker.on("exit", (code) => this.die(`the worker thread exited (code ${code})`));
  }

  /** Posted while the thread starts, so it cannot have died yet. */
  analyse(index: number, files: readonly string[]): Promise<BatchOutcome> {
    return new Promise((settle) => {
      this.pending.set(index, settle);
      this.worker.postMessage({ index, files });
    });
  }

  async end(): Promise<void> {
    this.alive = false;
    await this.worker.terminate();
  }

  private settle(index: number, outcome: BatchOutcome): void {
    this.pending.get(index)?.(outcome);
    this.pending.delete(index);
  }

  private die(reason: string): void {
    if (!this.alive) return;
    this.alive = false;
    for (const index of [...this.pending.keys()]) this.settle(index, { failure: reason });
  }
}
