import type { FailOn } from "../config/index.js";
import { formatMarkdown } from "../reporters/markdown.js";
import type { ScanReport } from "../rule-api/types.js";
import { toAnnotation } from "./annotations.js";
import { badgeImage } from "./badge-image.js";
import { checkRunTitle } from "./check-run-title.js";
import { abandonCheckRun, completeCheckRun, startCheckRun, type CheckRun } from "./check-run.js";
import { fails } from "./fails.js";
import { fullReportPointer } from "./full-report-pointer.js";
import type { GitHubClient, Logger, RepoRef } from "./github-client.js";
import { httpStatus } from "./http-error.js";
import { readConfigAtRef } from "./read-config-at-ref.js";
import { readOnlyNotice } from "./read-only-notice.js";
import { scanRepository, type ScanCapacity } from "./scan-repository.js";

export interface CheckCommitOptions {
  client: GitHubClient;
  repo: RepoRef;
  /** The commit pushed; its own configuration applies, since only people with write access push. */
  sha: string;
  checkout: string;
  scanPath: string;
  configPath?: string;
  failOn?: FailOn;
  detailsUrl?: string;
  capacity?: ScanCapacity;
  log: Logger;
}

export interface CheckCommitResult {
  report: ScanReport;
  failOn: FailOn;
  failed: boolean;
  /** Markdown for a job summary: badge, grade, and the whole report. */
  summary: string;
  notice?: string;
}

/** Checks a pushed commit: scan, then a check run annotating every finding with the report as its summary. */
export async function checkCommit(options: CheckCommitOptions): Promise<CheckCommitResult> {
  const { client, repo, sha, log } = options;
  const { config, source } = await readConfigAtRef(client, repo, sha, options.scanPath, options.configPath, log);
  log.info(source === undefined ? `no configuration file at ${sha.slice(0, 7)}: using the defaults` : `configuration read from ${source}`);
  const report = await scanRepository({ checkout: options.checkout, scanPath: options.scanPath, config, commit: sha, ...(options.capacity ? { capacity: options.capacity } : {}) });
  const failOn = options.failOn ?? config.failOn;
  const failed = fails(report.findings, failOn);
  const markdown = formatMarkdown(report);
  let notice: string | undefined;
  let run: CheckRun | undefined;
  try {
    run = await startCheckRun(client, repo, sha, options.detailsUrl);
  } catch (error) {
    if (httpStatus(error) !== 403) throw error;
    notice = readOnlyNotice(repo, error);
  }
  if (run !== undefined) {
    try {
      await completeCheckRun(client, repo, run, {
        conclusion: failed ? "failure" : "success",
        title: checkRunTitle(report.findings.length, report.compliance),
        summary: markdown,
        pointer: fullReportPointer(options.detailsUrl),
        annotations: report.findings.map(toAnnotation),
      });
    } catch (error) {
      await abandonCheckRun(client, repo, run, error, log);
      throw error;
    }
  }
  const grade = report.compliance ? ` **MCP Security Checklist: grade ${report.compliance.grade}** (${report.compliance.score}/100)` : "";
  const summary = [`${badgeImage(report.compliance)}${grade}`, ...(notice === undefined ? [] : [`> [!WARNING]\n> ${notice}`]), markdown].join("\n\n");
  return { report, failOn, failed, summary, ...(notice === undefined ? {} : { notice }) };
}
