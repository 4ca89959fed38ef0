import os from "node:os";
import * as core from "@actions/core";
import * as github from "@actions/github";
import { checkCommit } from "../github/check-commit.js";
import type { Logger } from "../github/github-client.js";
import { ownCommentFilter } from "../github/own-comments.js";
import { forkNotice } from "../github/read-only-notice.js";
import { retryRateLimits } from "../github/retry-rate-limits.js";
import { reviewPullRequest } from "../github/review-pull-request.js";
import { formatMarkdown } from "../reporters/markdown.js";
import type { ScanReport } from "../rule-api/types.js";
import type { ActionEvent } from "./event.js";
import type { ActionInputs } from "./inputs.js";

/** What a run found and what the step reports. */
export interface ActionOutcome {
  report: ScanReport;
  /** The findings fail-on judged: those the filter keeps on a pull request, all of them on a push. */
  counted: number;
  /** Where they were counted, for the failure message. */
  scope: string;
  failed: boolean;
  failOn: string;
  jobSummary: string;
  notice?: string;
}

const log: Logger = { info: core.info, warning: core.warning };

/** Reviews the pull request, or checks the commit of any other event, through the shared use cases in src/github. */
export async function scanForEvent(inputs: ActionInputs, event: ActionEvent): Promise<ActionOutcome> {
  const client = github.getOctokit(inputs.token);
  retryRateLimits(client, { log });
  const { serverUrl, runId, repo } = github.context;
  const detailsUrl = runId ? `${serverUrl}/${repo.owner}/${repo.repo}/actions/runs/${runId}` : undefined;
  const common = {
    client,
    checkout: process.env.GITHUB_WORKSPACE || process.cwd(),
    scanPath: inputs.path,
    log,
    capacity: inputs.capacity,
    ...(inputs.config ? { configPath: inputs.config } : {}),
    ...(inputs.failOn ? { failOn: inputs.failOn } : {}),
    ...(detailsUrl ? { detailsUrl } : {}),
  };
  if (event.kind === "commit") {
    const result = await checkCommit({ ...common, repo: event.repo, sha: event.sha });
    const { report, failed, failOn, summary, notice } = result;
    return { report, counted: report.findings.length, scope: "the repository", failed, failOn, jobSummary: summary, ...(notice ? { notice } : {}) };
  }
  const result = await reviewPullRequest({
    ...common,
    pull: event.pull,
    comment: inputs.comment,
    filter: inputs.filter,
    isOwnComment: await ownCommentFilter(client),
    tempDir: process.env.RUNNER_TEMP || os.tmpdir(),
    ...(event.fork === undefined ? {} : { readOnly: forkNotice(event.fork) }),
  });
  const { report, kept, failed, failOn, summary, notice } = result;
  // The job summary also lists what the filter left out, so nothing found is hidden from the run.
  const jobSummary = `${summary}\n---\n\n${formatMarkdown(report)}`;
  return { report, counted: kept.length, scope: `this pull request's changes (filter ${inputs.filter})`, failed, failOn, jobSummary, ...(notice ? { notice } : {}) };
}
