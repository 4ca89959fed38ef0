import type { ExtractLimits } from "../github/extract-tarball.js";
import type { ScanJob, ScanOutcome } from "./scan-job.js";

/** What the main thread hands a scan worker. The token lives only in memory, never in a log line. */
export interface WorkerInput {
  job: ScanJob;
  token: string;
  baseUrl: string;
  appSlug: string;
  tempDir: string;
  limits: ExtractLimits & { maxTarballBytes: number };
  /** Octokit's throttling and retries; tests turn them off so a fake API's errors arrive at once. */
  throttle: boolean;
  /** The worker's heap limit: a scan that needs more ends alone, not the App with it. */
  memoryMb: number;
}

/** What a scan worker posts back. */
export type WorkerMessage = { type: "log"; level: "info" | "warning"; message: string } | { type: "done"; outcome: ScanOutcome } | { type: "error"; message: string };
