import path from "node:path";
import { ConfigurationError } from "../config/index.js";
import type { Finding, ScanReport } from "../rule-api/types.js";
import { checkCommit } from "../github/check-commit.js";
import { downloadTarball } from "../github/download-tarball.js";
import { extractTarball, type ExtractLimits } from "../github/extract-tarball.js";
import type { GitHubClient, Logger } from "../github/github-client.js";
import { errorMessage } from "../github/http-error.js";
import { reviewPullRequest } from "../github/review-pull-request.js";
import { configFallbackClient } from "./config-fallback-client.js";
import { failureCheckRun } from "./failure-check-run.js";
import { jobRepo, jobSha, type ScanJob, type ScanOutcome } from "./scan-job.js";

/** The configuration file the App reads from the base branch (or the owner's `.github` repository). */
export const APP_CONFIG_PATH = ".github/mcp-warden.yml";

export interface ExecuteJobOptions {
  client: GitHubClient;
  /** An empty folder for this job alone; the caller removes it, whatever happens here. */
  tempDir: string;
  /** The App's slug: its comments are written by `<slug>[bot]`. */
  appSlug: string;
  limits: ExtractLimits & { maxTarballBytes: number };
  log: Logger;
}

/**
 * Scans the job's commit from its tarball and publishes through the shared use cases: a pull request's review, or
 * a commit's check run. Problems the repository owner must fix end in a failed check run that names them.
 */
export async function executeJob(job: ScanJob, options: ExecuteJobOptions): Promise<ScanOutcome> {
  const repo = jobRepo(job);
  const sha = jobSha(job);
  const client = configFallbackClient(options.client, repo, APP_CONFIG_PATH, options.log);
  let checkout: string;
  try {
    const archive = path.join(options.tempDir, "head.tar.gz");
    await downloadTarball(client, repo, sha, archive, options.limits.maxTarballBytes);
    const extracted = await extractTarball(archive, options.tempDir, options.limits);
    if (extracted.skippedLinks.length > 0) options.log.warning(`left out ${extracted.skippedLinks.length} symbolic links that point outside the repository`);
    checkout = extracted.root;
  } catch (error) {
    return notScanned(client, job, "mcp-warden could not read this commit", errorMessage(error));
  }
  const common = { client, checkout, scanPath: ".", configPath: APP_CONFIG_PATH, log: options.log };
  try {
    if (job.kind === "pull") {
      const isOwnComment = (author: { login: string } | null | undefined) => author?.login === `${options.appSlug}[bot]`;
      const result = await reviewPullRequest({ ...common, pull: job.pull, comment: "review", filter: "added", isOwnComment, tempDir: options.tempDir });
      return outcome(job, result.report, result.kept, result.failed);
    }
    const result = await checkCommit({ ...common, repo, sha });
    return outcome(job, result.report, result.report.findings, result.failed);
  } catch (error) {
    // Configuration is read and checked before any check run exists, so the failure needs its own.
    if (error instanceof ConfigurationError) return notScanned(client, job, "mcp-warden: configuration error", error.message);
    throw error;
  }
}

async function notScanned(client: GitHubClient, job: ScanJob, title: string, problem: string): Promise<ScanOutcome> {
  await failureCheckRun(client, jobRepo(job), jobSha(job), title, problem);
  return { commit: jobSha(job), ref: job.ref, findings: 0, severities: { critical: 0, high: 0, medium: 0, low: 0 }, failed: true, problem };
}

/** Counts the findings the check run judged: those in the diff for a pull request, all of them for a commit. */
function outcome(job: ScanJob, report: ScanReport, judged: readonly Finding[], failed: boolean): ScanOutcome {
  const severities = { critical: 0, high: 0, medium: 0, low: 0 };
  for (const finding of judged) severities[finding.severity] += 1;
  const compliance = report.compliance;
  return { commit: jobSha(job), ref: job.ref, findings: judged.length, severities, failed, ...(compliance ? { score: compliance.score, grade: compliance.grade } : {}) };
}
