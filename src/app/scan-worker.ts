import { parentPort, workerData } from "node:worker_threads";
import { ProbotOctokit } from "probot";
import type { Logger } from "../github/github-client.js";
import { executeJob } from "./execute-job.js";
import type { WorkerInput, WorkerMessage } from "./worker-protocol.js";
import { errorStack } from "../engine/error-stack.js";

// A worker thread's entry: one job, then the thread ends; the main thread terminates it on timeout or cancellation.
const input = workerData as WorkerInput;
const post = (message: WorkerMessage) => parentPort?.postMessage(message);
const log: Logger = { info: (message) => post({ type: "log", level: "info", message }), warning: (message) => post({ type: "log", level: "warning", message }) };
const client = new ProbotOctokit({
  auth: { token: input.token },
  baseUrl: input.baseUrl,
  throttle: { enabled: input.throttle },
  retry: { enabled: input.throttle },
});

try {
  post({ type: "done", outcome: await executeJob(input.job, { client, tempDir: input.tempDir, appSlug: input.appSlug, limits: input.limits, log }) });
} catch (error) {
  post({ type: "error", message: errorStack(error) });
}
