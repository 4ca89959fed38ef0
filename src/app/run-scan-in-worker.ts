import { startWorker } from "../engine/start-worker.js";
import type { Logger } from "../github/github-client.js";
import type { ScanOutcome } from "./scan-job.js";
import type { WorkerInput, WorkerMessage } from "./worker-protocol.js";

const ENTRY = new URL(import.meta.url.endsWith(".ts") ? "./scan-worker.ts" : "./scan-worker.js", import.meta.url);

/**
 * Runs one job in a worker thread, so a scan never blocks the webhook server; aborting `signal` terminates the
 * thread at once, whatever it is doing, and rejects with the signal's reason.
 */
export function runScanInWorker(input: WorkerInput, signal: AbortSignal, log: Logger): Promise<ScanOutcome> {
  if (signal.aborted) return Promise.reject(signal.reason);
  return new Promise<ScanOutcome>((resolve, reject) => {
    const worker = startWorker(ENTRY, { workerData: input, resourceLimits: { maxOldGenerationSizeMb: input.memoryMb } });
    let settled = false;
    const settle = (finish: () => void) => {
      if (settled) return;
      settled = true;
      signal.removeEventListener("abort", onAbort);
      finish();
    };
    const onAbort = () => {
      settle(() => reject(signal.reason));
      void worker.terminate();
    };
    signal.addEventListener("abort", onAbort, { once: true });
    worker.on("message", (message: WorkerMessage) => {
      if (message.type === "log") (message.level === "info" ? log.info : log.warning)(message.message);
      else if (message.type === "done") settle(() => resolve(message.outcome));
      else settle(() => reject(new Error(message.message)));
    });
    worker.on("error", (error) => settle(() => reject(error)));
    worker.on("exit", (code) => settle(() => reject(new Error(`the scan worker exited (code ${code}) without a result`))));
  });
}
