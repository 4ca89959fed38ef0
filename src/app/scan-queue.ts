import type { Logger } from "../github/github-client.js";
import { errorMessage } from "../github/http-error.js";
import { jobKey, jobSha, type ScanJob } from "./scan-job.js";
import { ScanStopped } from "./scan-stopped.js";

/** Runs one job to its end; it must settle soon after `signal` aborts (the reason is a ScanStopped). */
export type ScanTask = (job: ScanJob, signal: AbortSignal) => Promise<void>;

export interface ScanQueueOptions {
  concurrency: number;
  /** Per scan, from its start; past it the scan is aborted. */
  timeoutMs: number;
  task: ScanTask;
  log: Logger;
}

interface Entry {
  job: ScanJob;
  key: string;
  controller: AbortController;
}

/**
 * An in-memory queue of scans: at most `concurrency` run at once, each aborted after `timeoutMs`; a job for a pull
 * request replaces the older job of the same pull request (queued or running), and a job already queued or running
 * for the same commit is not added twice. Nothing is dropped for being many.
 */
export class ScanQueue {
  private readonly waiting: Entry[] = [];
  private readonly running = new Set<Entry>();
  private idleWaiters: (() => void)[] = [];

  constructor(private readonly options: ScanQueueOptions) {}

  /** Adds a job; "duplicate" when the same commit is already queued or running under the same key. */
  enqueue(job: ScanJob): "queued" | "duplicate" {
    const key = jobKey(job);
    const same = [...this.waiting, ...this.running].filter((entry) => entry.key === key && !entry.controller.signal.aborted);
    if (same.some((entry) => jobSha(entry.job) === jobSha(job))) return "duplicate";
    for (const older of same) {
      const index = this.waiting.indexOf(older);
      if (index >= 0) this.waiting.splice(index, 1);
      older.controller.abort(new ScanStopped("cancelled", `a newer commit (${jobSha(job).slice(0, 7)}) replaced this scan`));
    }
    this.waiting.push({ job, key, controller: new AbortController() });
    this.pump();
    return "queued";
  }

  /** Resolves once nothing is queued or running. */
  idle(): Promise<void> {
    if (this.waiting.length === 0 && this.running.size === 0) return Promise.resolve();
    return new Promise((resolve) => this.idleWaiters.push(resolve));
  }

  get size(): { waiting: number; running: number } {
    return { waiting: this.waiting.length, running: this.running.size };
  }

  /** Aborts everything, for shutdown. */
  stop(): void {
    for (const entry of [...this.waiting.splice(0), ...this.running]) entry.controller.abort(new ScanStopped("cancelled", "the App is shutting down"));
  }

  private pump(): void {
    while (this.running.size < this.options.concurrency) {
      const entry = this.waiting.shift();
      if (entry === undefined) break;
      this.running.add(entry);
      void this.start(entry);
    }
    if (this.waiting.length === 0 && this.running.size === 0) {
      const waiters = this.idleWaiters;
      this.idleWaiters = [];
      for (const resolve of waiters) resolve();
    }
  }

  private async start(entry: Entry): Promise<void> {
    const { controller, job } = entry;
    const seconds = Math.round(this.options.timeoutMs / 1000);
    const timer = setTimeout(() => controller.abort(new ScanStopped("timed_out", `the scan took longer than ${seconds} s`)), this.options.timeoutMs);
    try {
      await this.options.task(job, controller.signal);
    } catch (error) {
      // The task reports its own failures; this only keeps one bad job from stopping the queue.
      this.options.log.warning(`scan of ${jobKey(job)} failed: ${errorMessage(error)}`);
    } finally {
      clearTimeout(timer);
      this.running.delete(entry);
      this.pump();
    }
  }
}
