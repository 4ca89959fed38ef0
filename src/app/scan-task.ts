import { mkdtemp, rm } from "node:fs/promises";
import path from "node:path";
import type { ProbotOctokit } from "probot";
import { CHECK_RUN_NAME } from "../github/check-run.js";
import type { GitHubClient, Logger } from "../github/github-client.js";
import { errorMessage } from "../github/http-error.js";
import type { AppSettings } from "./app-settings.js";
import { failureCheckRun } from "./failure-check-run.js";
import { jobKey, jobRepo, jobSha, type ScanJob, type ScanOutcome } from "./scan-job.js";
import type { ScanTask } from "./scan-queue.js";
import { ScanStopped } from "./scan-stopped.js";
import type { ScanStore } from "./scan-store.js";
import type { WorkerInput } from "./worker-protocol.js";

/** Runs a scan to its outcome; the default runs it in a worker thread. */
export type ScanRunner = (input: WorkerInput, signal: AbortSignal, log: Logger) => Promise<ScanOutcome>;

export interface ScanTaskOptions {
  /** Probot's `app.auth`: the App's own client without an id, an installation's with one. */
  auth(installationId?: number): Promise<InstanceType<typeof ProbotOctokit>>;
  settings: AppSettings;
  store: ScanStore;
  run: ScanRunner;
  log: Logger;
}

/**
 * The queue's task: an installation token and a fresh folder for the job, the scan in a worker, the outcome stored.
 * A stopped scan (timed out, replaced by a newer commit) gets a check run saying so; the folder is always removed.
 */
export function scanTask(options: ScanTaskOptions): ScanTask {
  let slug: Promise<string> | undefined;
  const appSlug = () =>
    (slug ??= options
      .auth()
      .then(async (app) => (await app.request("GET /app")).data?.slug ?? "mcp-warden")
      .catch((error: unknown) => {
        // Asked again by the next job rather than failing every job after one bad answer.
        slug = undefined;
        throw error;
      }));
  return async (job: ScanJob, signal: AbortSignal) => {
    const name = `${jobKey(job)} at ${jobSha(job).slice(0, 7)}`;
    const log: Logger = { info: (message) => options.log.info(`${name}: ${message}`), warning: (message) => options.log.warning(`${name}: ${message}`) };
    const client = await options.auth(job.installationId);
    const tempDir = await mkdtemp(path.join(options.settings.tempRoot, "mcp-warden-job-"));
    try {
      const token = await installationToken(options, job.installationId);
      const { settings } = options;
      const input: WorkerInput = { job, token, baseUrl: client.request.endpoint.DEFAULTS.baseUrl, appSlug: await appSlug(), tempDir, limits: settings.limits, throttle: settings.throttle, memoryMb: settings.memoryMb };
      const outcome = await options.run(input, signal, log);
      if (outcome.problem === undefined) options.store.recordScan(jobRepo(job), outcome);
      log.info(outcome.problem === undefined ? `scanned: ${outcome.findings} findings, grade ${outcome.grade ?? "unknown"}` : `not scanned: ${outcome.problem}`);
    } catch (error) {
      if (error instanceof ScanStopped) await stoppedCheckRun(client, job, error, log);
      else {
        log.warning(`scan failed: ${errorMessage(error)}`);
        await failureCheckRun(client, jobRepo(job), jobSha(job), "mcp-warden could not finish", errorMessage(error).split("\n")[0] ?? "");
      }
    } finally {
      await rm(tempDir, { recursive: true, force: true, maxRetries: 5, retryDelay: 100 });
    }
  };
}

/**
 * A token for the worker, minted through the App's own client: Probot's `octokit.auth({ type: "installation" })`
 * asks api.github.com whatever the configured base URL (GitHub Enterprise, a test server).
 */
async function installationToken(options: ScanTaskOptions, installationId: number): Promise<string> {
  const app = await options.auth();
  const { data } = await app.request("POST /app/installations/{installation_id}/access_tokens", { installation_id: installationId });
  return data.token;
}

/** A completed check run for a scan the queue stopped, so the commit does not show one "in progress" for ever. */
async function stoppedCheckRun(client: GitHubClient, job: ScanJob, stopped: ScanStopped, log: Logger): Promise<void> {
  log.info(`scan stopped: ${stopped.message}`);
  await client.request("POST /repos/{owner}/{repo}/check-runs", {
    ...jobRepo(job),
    name: CHECK_RUN_NAME,
    head_sha: jobSha(job),
    status: "completed",
    conclusion: stopped.conclusion,
    completed_at: new Date().toISOString(),
    output: { title: stopped.conclusion === "timed_out" ? "mcp-warden timed out" : "mcp-warden scan cancelled", summary: `mcp-warden stopped this scan: ${stopped.message}.` },
  });
}
